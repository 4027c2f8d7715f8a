import type { Transform } from 'node:stream';
import { constants, createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import type { Dispatcher } from 'undici';
import { FetchTooLargeError } from './errors.ts';

/**
 * An undici interceptor that counts each response body as it comes off the socket (as decompressed, when
 * it is compressed) and ends it with FetchTooLargeError once it passes `limit` bytes.
 *
 * readCapped counts too, but only what fetch() hands it: when a server sends too much and then drops the
 * connection, fetch() throws away what it had not yet handed over (all of a compressed body still in its
 * decoder) and reports the dropped socket instead. Counting here, before fetch(), always sees the bytes
 * that came before the error.
 */
export function bodyCap(limit: number): Dispatcher.DispatcherComposeInterceptor {
  return (dispatch) => (options, handler) =>
    dispatch(options, new CappedBody(handler, limit, `${String(options.origin ?? '')}${options.path}`));
}

type Headers = Record<string, string | string[] | undefined>;

class CappedBody implements Dispatcher.DispatchHandler {
  /** Bytes as they came, and as decoded: either past the cap is too large. */
  #wire = 0;
  #decoded = 0;
  #over = false;
  /** A second decoder for a compressed body, only to count its decompressed size; its output is dropped. */
  #counter: Transform | null = null;

  constructor(
    private readonly next: Dispatcher.DispatchHandler,
    private readonly limit: number,
    private readonly url: string,
  ) {}

  onRequestStart(controller: Dispatcher.DispatchController, context: unknown): void {
    this.next.onRequestStart?.(controller, context);
  }

  onRequestUpgrade(...args: Parameters<NonNullable<Dispatcher.DispatchHandler['onRequestUpgrade']>>): void {
    this.next.onRequestUpgrade?.(...args);
  }

  onResponseStart(controller: Dispatcher.DispatchController, status: number, headers: Headers, message?: string): void {
    if (status >= 200) {
      this.#counter = counterFor(headers['content-encoding']);
      this.#counter?.on('data', (chunk: Buffer) => this.#count(controller, 0, chunk.byteLength));
      // A broken encoding is reported by fetch(), which decodes the body itself.
      this.#counter?.on('error', () => {});
    }
    this.next.onResponseStart?.(controller, status, headers, message);
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    if (this.#count(controller, chunk.byteLength, 0)) return;
    this.#counter?.write(chunk);
    this.next.onResponseData?.(controller, chunk);
  }

  onResponseEnd(controller: Dispatcher.DispatchController, trailers: Headers): void {
    // The whole body arrived: readCapped counts what fetch() decodes, with nothing lost.
    this.#counter?.destroy();
    this.next.onResponseEnd?.(controller, trailers);
  }

  onResponseError(controller: Dispatcher.DispatchController, error: Error): void {
    const counter = this.#counter;
    const report = () => this.next.onResponseError?.(controller, this.#over ? this.#tooLarge() : error);
    if (!counter || counter.destroyed || this.#over) return report();
    // The connection failed mid-body: decode what did arrive first, so a body past the cap is named as such.
    counter.once('close', report);
    counter.end();
  }

  /** Adds to the counts; true (and the request aborted) once past the cap. */
  #count(controller: Dispatcher.DispatchController, wire: number, decoded: number): boolean {
    if (this.#over) return true;
    this.#wire += wire;
    this.#decoded += decoded;
    if (this.#wire <= this.limit && this.#decoded <= this.limit) return false;
    this.#over = true;
    this.#counter?.destroy();
    controller.abort(this.#tooLarge());
    return true;
  }

  #tooLarge(): FetchTooLargeError {
    return new FetchTooLargeError(this.url, this.limit);
  }
}

/** A decoder for one content coding, flushing whatever it has when the input stops short; null for none. */
function counterFor(header: string | string[] | undefined): Transform | null {
  const coding = (Array.isArray(header) ? header.join(',') : (header ?? '')).trim().toLowerCase();
  const lenient = { flush: constants.Z_SYNC_FLUSH, finishFlush: constants.Z_SYNC_FLUSH };
  if (coding === 'gzip' || coding === 'x-gzip') return createGunzip(lenient);
  if (coding === 'deflate') return createInflate(lenient);
  if (coding === 'br')
    return createBrotliDecompress({
      flush: constants.BROTLI_OPERATION_FLUSH,
      finishFlush: constants.BROTLI_OPERATION_FLUSH,
    });
  // Identity, or codings stacked or unknown: the bytes on the wire are counted as they are.
  return null;
}
