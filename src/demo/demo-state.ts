import { existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The file that marks a folder as the demo's own; the demo deletes no other folder. */
export const DEMO_MARKER = '.editwatch-demo';
const DEFAULT_DIR = 'state/demo';

export class DemoStateError extends Error {
  override name = 'DemoStateError';
}

/**
 * The demo's state folder, emptied for a fresh run: EDITWATCH_STATE_DIR, else state/demo. Only a folder
 * that is the demo's own is deleted: one an earlier demo marked, or state/demo itself (the demo's
 * folder before there was a mark). An empty or missing folder is used; any other is refused, since it
 * may hold a real bot's state.
 */
export function freshDemoState(env: Record<string, string | undefined>): string {
  const dir = resolve(env.EDITWATCH_STATE_DIR || DEFAULT_DIR);
  if (existsSync(dir)) {
    if (!statSync(dir).isDirectory())
      throw new DemoStateError(
        `${dir} is not a folder; set EDITWATCH_STATE_DIR to a new or empty folder, or leave it unset for ${DEFAULT_DIR}`,
      );
    const entries = readdirSync(dir);
    const own = entries.includes(DEMO_MARKER) || (!env.EDITWATCH_STATE_DIR && entries.length > 0);
    if (own) rmSync(dir, { recursive: true, force: true });
    else if (entries.length > 0) {
      throw new DemoStateError(
        `${dir} holds files the demo did not make (a bot's state?), so it neither uses nor deletes them; set EDITWATCH_STATE_DIR to a new or empty folder, or leave it unset for ${DEFAULT_DIR}`,
      );
    }
  }
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, DEMO_MARKER), 'Made by `npm run demo`, which deletes this folder when it runs again.\n');
  return dir;
}
