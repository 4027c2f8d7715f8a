import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import pixelmatch from 'pixelmatch';
import { PNG } from 'pngjs';

export function decodePng(bytes: Buffer): PNG {
  return PNG.sync.read(bytes);
}

/**
 * Compares a PNG with a reference file that a person has looked at. With UPDATE_CARD_SNAPSHOTS=1 a
 * missing or different reference is (re)written instead; without it a missing reference fails.
 */
export function compareWithReference(
  actual: Buffer,
  referenceFile: string,
): { differentPixels: number; share: number } {
  const update = process.env.UPDATE_CARD_SNAPSHOTS === '1';
  if (!existsSync(referenceFile)) {
    if (!update)
      throw new Error(
        `no reference image ${referenceFile}; run with UPDATE_CARD_SNAPSHOTS=1, look at it, and commit it`,
      );
    mkdirSync(dirname(referenceFile), { recursive: true });
    writeFileSync(referenceFile, actual);
  }
  const a = decodePng(actual);
  const b = decodePng(readFileSync(referenceFile));
  if (a.width !== b.width || a.height !== b.height) return { differentPixels: a.width * a.height, share: 1 };
  const differentPixels = pixelmatch(a.data, b.data, undefined, a.width, a.height, { threshold: 0.1 });
  const share = differentPixels / (a.width * a.height);
  if (update && share > 0) writeFileSync(referenceFile, actual);
  return { differentPixels, share };
}
