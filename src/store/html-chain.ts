import { createHash } from 'node:crypto';
import { brotliDecompressSync, createBrotliCompress, constants as zlib } from 'node:zlib';

/**
 * Pages stored as consecutive segments of one Brotli stream. A segment is flushed, not finished, so the
 * next page continues the stream and Brotli copies from the pages before it: an outlet's template,
 * scripts and chrome are stored once, in the first page (the host's base), and each later page costs
 * mostly its own text. Node's Brotli takes no custom dictionary; a flushed stream is one.
 *
 * A stored segment: format byte (1), page length (u32), SHA-256 of the page, the Brotli bytes. Reading a
 * page decodes the segments before it too, and checks the hash, so a damaged chain is an error, never
 * other bytes.
 */

const FORMAT = 1;
const HEADER = 1 + 4 + 32;
/** Quality 5 as the plain rows; a 16 MB window so that a page reaches back to the pages before it (≤5 MB each). */
const PARAMS = { [zlib.BROTLI_PARAM_QUALITY]: 5, [zlib.BROTLI_PARAM_LGWIN]: 24 };
/** An empty last meta-block: finishes a stream that ends flushed (byte-aligned). */
const FINISH = Buffer.from([3]);

/** A chain that cannot be decoded: damaged, truncated, or not of this format. */
class ChainError extends Error {}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest();

function pack(page: Uint8Array, segment: Buffer): Buffer {
  const header = Buffer.alloc(HEADER);
  header[0] = FORMAT;
  header.writeUInt32BE(page.length, 1);
  sha256(page).copy(header, 5);
  return Buffer.concat([header, segment]);
}

function unpackHeader(stored: Buffer, n: number): { length: number; hash: Buffer; segment: Buffer } {
  if (stored.length < HEADER || stored[0] !== FORMAT)
    throw new ChainError(`segment ${n + 1} is not of format ${FORMAT} (${stored.length} bytes, first ${stored[0]})`);
  return { length: stored.readUInt32BE(1), hash: stored.subarray(5, HEADER), segment: stored.subarray(HEADER) };
}

/** The pages of a chain (its stored segments, in order), each checked against its length and hash. */
export function decodeChain(chain: Buffer[]): Buffer[] {
  const parts = chain.map(unpackHeader);
  const total = parts.reduce((n, p) => n + p.length, 0);
  let out: Buffer;
  try {
    out = brotliDecompressSync(Buffer.concat([...parts.map((p) => p.segment), FINISH]), {
      maxOutputLength: Math.max(1, total), // Node refuses 0, and an empty page is a page too
    });
  } catch (err) {
    throw new ChainError(`its Brotli stream does not decode: ${(err as Error).message}`, { cause: err });
  }
  if (out.length !== total) throw new ChainError(`it decodes to ${out.length} bytes, not ${total}`);
  let at = 0;
  return parts.map((p, n) => {
    const page = out.subarray(at, (at += p.length));
    if (!sha256(page).equals(p.hash)) throw new ChainError(`segment ${n + 1} does not match its SHA-256`);
    return page;
  });
}

/** Each page's segment, compressed in turn in one stream, flushed after each. */
async function compressInTurn(pages: Uint8Array[]): Promise<Buffer[]> {
  const encoder = createBrotliCompress({ params: PARAMS });
  let chunks: Buffer[] = [];
  encoder.on('data', (chunk: Buffer) => chunks.push(chunk));
  const failed = new Promise<never>((_, reject) => encoder.once('error', reject));
  const segments: Buffer[] = [];
  try {
    for (const page of pages) {
      encoder.write(page);
      await Promise.race([
        failed,
        new Promise<void>((done) => encoder.flush(zlib.BROTLI_OPERATION_FLUSH, () => done())),
      ]);
      segments.push(Buffer.concat(chunks));
      chunks = [];
    }
  } finally {
    encoder.close();
  }
  return segments;
}

/** A new chain: `page` as a base, and `page` again after it (a segment of a few bytes). */
export async function startChain(page: Uint8Array): Promise<{ base: Buffer; segment: Buffer }> {
  const [base, again] = await compressInTurn([page, page]);
  const chain = [pack(page, base!), pack(page, again!)];
  if (!decodeChain(chain)[1]!.equals(page)) throw new Error('a new chain does not decode to its page');
  return { base: chain[0]!, segment: chain[1]! };
}

/**
 * `page` stored after `chain`; null when the chain cannot be continued: its bytes are damaged (reading
 * them says so), or this build's Brotli does not make them again (another Brotli version compresses
 * otherwise), so a segment made now would not follow them.
 */
export async function continueChain(chain: Buffer[], page: Uint8Array): Promise<Buffer | null> {
  let pages: Buffer[];
  try {
    pages = decodeChain(chain);
  } catch (err) {
    if (err instanceof ChainError) return null;
    throw err;
  }
  const segments = await compressInTurn([...pages, page]);
  if (chain.some((stored, n) => !stored.subarray(HEADER).equals(segments[n]!))) return null;
  const stored = pack(page, segments.at(-1)!);
  if (
    !decodeChain([...chain, stored])
      .at(-1)!
      .equals(page)
  )
    throw new Error('a continued chain does not decode to its page');
  return stored;
}

/** How many bytes a segment holds beyond its header. */
export const segmentBytes = (stored: Buffer) => stored.length - HEADER;
