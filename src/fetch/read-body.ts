import type { ReadableStream } from 'node:stream/web';
import { FetchTooLargeError, UnsupportedContentError } from './errors.ts';

/**
 * Reads a response body to bytes, stopping as soon as it passes `limit` (decompressed) bytes. A body the
 * fetcher's own cap stopped (see body-cap.ts) fails with the same FetchTooLargeError, named for `url`,
 * whatever the connection did after.
 */
export async function readCapped(url: string, body: ReadableStream | null, limit: number): Promise<Uint8Array> {
  if (!body) return new Uint8Array(0);
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = body.getReader();
  try {
    for (;;) {
      const { done, value } = (await reader.read().catch((err: unknown) => {
        throw tooLargeIn(err)?.forUrl(url) ?? err;
      })) as ReadableStreamReadResult<Uint8Array>;
      if (done) break;
      total += value.byteLength;
      if (total > limit) throw new FetchTooLargeError(url, limit);
      chunks.push(value);
    }
  } finally {
    reader.cancel().catch(() => {});
  }
  return Buffer.concat(chunks, total);
}

/** The FetchTooLargeError an error was caused by (fetch() wraps it as the cause of "terminated"), if any. */
function tooLargeIn(err: unknown): FetchTooLargeError | undefined {
  for (let e: unknown = err, depth = 0; e && depth < 6; e = (e as { cause?: unknown }).cause, depth++)
    if (e instanceof FetchTooLargeError) return e;
  return undefined;
}

const HTML_TYPES = /^(?:text\/html|application\/xhtml\+xml)$/i;

/** Refuses what is not HTML: by declared type, and by looking at the bytes when the type lies or is missing. */
export function checkHtml(url: string, contentType: string, bytes: Uint8Array): void {
  const mime = contentType.split(';')[0]!.trim();
  if (mime && !HTML_TYPES.test(mime) && mime !== 'text/plain' && mime !== 'application/octet-stream') {
    throw new UnsupportedContentError(url, mime, `content type ${mime}`);
  }
  const head = bytes.subarray(0, 1024);
  if (head.includes(0))
    throw new UnsupportedContentError(url, mime || 'unknown', `binary data${mime ? ` served as ${mime}` : ''}`);
  if (!HTML_TYPES.test(mime)) {
    const start = new TextDecoder().decode(head).trimStart().slice(0, 200).toLowerCase();
    if (!/^(?:<!doctype html|<html|<head|<!--|<meta|<body|<\?xml)/.test(start)) {
      throw new UnsupportedContentError(
        url,
        mime || 'unknown',
        `${mime || 'no content type'} and no HTML markup at the start`,
      );
    }
  }
}

/** Decodes with the charset the header names, else the one a <meta> names, else UTF-8. */
export function decodeHtml(bytes: Uint8Array, contentType: string): string {
  const declared = /charset\s*=\s*["']?([\w.:-]+)/i.exec(contentType)?.[1] ?? sniffMetaCharset(bytes);
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(declared ?? 'utf-8');
  } catch {
    decoder = new TextDecoder('utf-8'); // an unknown label: UTF-8 is the web's default
  }
  return decoder.decode(bytes);
}

function sniffMetaCharset(bytes: Uint8Array): string | null {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 4096));
  return /<meta[^>]+charset\s*=\s*["']?([\w.:-]+)/i.exec(head)?.[1] ?? null;
}
