import { Agent, fetch as undiciFetch, type Response } from 'undici';
import { bodyCap } from './body-cap.ts';
import {
  AddressRefused,
  guardedLookup,
  isAllowedAddress,
  literalAddressOf,
  nonPublicRange,
  type PrivateAddressPolicy,
} from './address-guard.ts';
import {
  BlockedAddressError,
  FetchAbortedError,
  FetchError,
  FetchTimeoutError,
  FetchTooLargeError,
  HttpStatusError,
  InvalidUrlError,
  NetworkError,
  RedirectError,
  RobotsDisallowedError,
  UnsupportedContentError,
} from './errors.ts';
import { HostGate, type SharedTurns } from './host-gate.ts';
import { checkHtml, decodeHtml, readCapped } from './read-body.ts';
import { RobotsCache } from './robots.ts';

export * from './errors.ts';
export type { PrivateAddressPolicy } from './address-guard.ts';

export interface FetchOptions {
  userAgent: string;
  /** The product token robots.txt rules are matched against. */
  robotsAgent: string;
  connectTimeoutMs: number;
  totalTimeoutMs: number;
  maxBytes: number;
  maxRedirects: number;
  hostDelayMs: number;
  /**
   * Several workers fetching from the same hosts: reserves the host's next turn among all of them and
   * returns when it starts (ms since the epoch), so that together they keep the pause (store/workers.ts).
   */
  sharedTurns?: SharedTurns;
  respectRobots: boolean;
  allowPrivate: PrivateAddressPolicy;
}

/** HTTP validators from the previous fetch, for a conditional GET. */
export interface Validators {
  etag: string | null;
  lastModified: string | null;
}

export type FetchResult =
  | { kind: 'not-modified'; url: string; finalUrl: string; status: 304 }
  | {
      kind: 'page';
      url: string;
      finalUrl: string;
      status: number;
      html: string;
      bytes: number;
      contentType: string;
      validators: Validators;
    };

/** A feed (RSS, Atom, JSON Feed): its text, undecided format; the caller parses it. */
export type FeedFetchResult =
  | { kind: 'not-modified'; url: string; finalUrl: string; status: 304 }
  | {
      kind: 'feed';
      url: string;
      finalUrl: string;
      status: number;
      text: string;
      contentType: string;
      validators: Validators;
    };

/** `signal`: the caller gives up (a shutdown); the request is aborted and FetchAbortedError thrown. */
export interface Fetcher {
  fetchPage(url: string, validators?: Validators | null, signal?: AbortSignal): Promise<FetchResult>;
  fetchFeed(url: string, validators?: Validators | null, signal?: AbortSignal): Promise<FeedFetchResult>;
  close(): Promise<void>;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const ROBOTS_MAX_BYTES = 512 * 1024;
/** The longest Retry-After honoured: a server asking for years must not stop its articles' checks for good. */
const MAX_RETRY_AFTER_S = 24 * 3600;

export function createFetcher(options: FetchOptions): Fetcher {
  const agent = new Agent({
    connect: { timeout: options.connectTimeoutMs, lookup: guardedLookup(options.allowPrivate) },
    headersTimeout: options.totalTimeoutMs,
    bodyTimeout: options.totalTimeoutMs,
    connections: 4,
  });
  // Counted where the bytes arrive, so a body past the cap is reported as such even if the server then drops the connection.
  const dispatcher = agent.compose(bodyCap(options.maxBytes));
  const gate = new HostGate(options.hostDelayMs, options.sharedTurns);

  /** One GET of one URL, no redirect following, through the host gate and the address guard. */
  async function get(
    url: URL,
    headers: Record<string, string>,
    signal: AbortSignal,
    paced: boolean,
  ): Promise<Response> {
    const literal = literalAddressOf(url.hostname);
    if (literal && !isAllowedAddress(literal, options.allowPrivate)) {
      throw new BlockedAddressError(url.href, url.hostname, literal, nonPublicRange(literal) ?? 'private');
    }
    return gate.run(
      url.host,
      async () => {
        try {
          return await undiciFetch(url, {
            dispatcher,
            redirect: 'manual',
            signal,
            headers: { 'user-agent': options.userAgent, 'accept-language': '*', ...headers },
          });
        } catch (err) {
          throw translate(url.href, err, options);
        }
      },
      signal,
      paced,
    );
  }

  /** Follows redirects by hand so every hop is checked (scheme, address, robots) and loops are named. */
  async function follow(start: string, accept: string, validators: Validators | null, signal: AbortSignal) {
    const chain: string[] = [];
    // robots.txt itself is fetched through here: it is not checked against itself, and it takes no pause.
    const robotsTxt = accept === 'text/plain';
    let url = parseUrl(start);
    for (;;) {
      chain.push(url.href);
      if (options.respectRobots && !robotsTxt) {
        const verdict = await robots.check(url, signal).catch((err: unknown) => {
          throw err instanceof FetchError ? err.forUrl(url.href) : err;
        });
        if (!verdict.allowed) throw new RobotsDisallowedError(url.href, verdict.why);
        gate.askedFor(url.host, verdict.crawlDelayMs ?? 0);
      }
      const headers: Record<string, string> = { accept };
      if (validators && chain.length === 1) {
        if (validators.etag) headers['if-none-match'] = validators.etag;
        if (validators.lastModified) headers['if-modified-since'] = validators.lastModified;
      }
      // robots.txt is read just before the page it clears: the page does not wait a second pause.
      const response = await get(url, headers, signal, !robotsTxt);
      if (!REDIRECTS.has(response.status)) return { response, finalUrl: url.href };
      await response.body?.cancel().catch(() => {});
      const location = response.headers.get('location');
      let next: URL;
      try {
        next = parseUrl(new URL(location ?? '', url).href);
        if (!location) throw new Error('no Location');
      } catch {
        throw new RedirectError(start, 'bad-location', [...chain, location ?? '(none)']);
      }
      if (chain.includes(next.href)) throw new RedirectError(start, 'loop', [...chain, next.href]);
      if (chain.length > options.maxRedirects)
        throw new RedirectError(start, 'too-many', [...chain, next.href], options.maxRedirects);
      url = next;
    }
  }

  const robots = new RobotsCache(options.robotsAgent, async (robotsUrl, caller) => {
    const signal = withTimeout(caller, options.totalTimeoutMs);
    const { response } = await follow(robotsUrl, 'text/plain', null, signal);
    const bytes = await readCapped(robotsUrl, response.body, ROBOTS_MAX_BYTES).catch((err: unknown) => {
      if (err instanceof FetchTooLargeError) return new Uint8Array(0); // an oversized robots.txt is ignored
      throw err;
    });
    return { status: response.status, body: new TextDecoder().decode(bytes) };
  });

  /** GET with redirects, status and size checks; the body's bytes, or not-modified. */
  async function fetchBytes(
    url: string,
    accept: string,
    validators: Validators | null,
    caller: AbortSignal | undefined,
  ) {
    const signal = withTimeout(caller, options.totalTimeoutMs);
    const { response, finalUrl } = await follow(url, accept, validators, signal);
    if (response.status === 304) {
      await response.body?.cancel().catch(() => {});
      return { kind: 'not-modified' as const, url, finalUrl, status: 304 as const };
    }
    if (response.status < 200 || response.status >= 300) {
      await response.body?.cancel().catch(() => {});
      throw new HttpStatusError(url, response.status, retryAfter(response.headers.get('retry-after')));
    }
    const declared = Number(response.headers.get('content-length') ?? NaN);
    if (declared > options.maxBytes && !response.headers.get('content-encoding')) {
      await response.body?.cancel().catch(() => {});
      throw new FetchTooLargeError(url, options.maxBytes);
    }
    const contentType = response.headers.get('content-type') ?? '';
    const bytes = await readCapped(url, response.body, options.maxBytes);
    const validatorsOut = { etag: response.headers.get('etag'), lastModified: response.headers.get('last-modified') };
    return {
      kind: 'body' as const,
      url,
      finalUrl,
      status: response.status,
      contentType,
      bytes,
      validators: validatorsOut,
    };
  }

  async function fetchPage(
    url: string,
    validators: Validators | null = null,
    signal?: AbortSignal,
  ): Promise<FetchResult> {
    try {
      const got = await fetchBytes(url, 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.1', validators, signal);
      if (got.kind === 'not-modified') return got;
      checkHtml(url, got.contentType, got.bytes);
      return {
        kind: 'page',
        url,
        finalUrl: got.finalUrl,
        status: got.status,
        html: decodeHtml(got.bytes, got.contentType),
        bytes: got.bytes.byteLength,
        contentType: got.contentType,
        validators: got.validators,
      };
    } catch (err) {
      throw signal?.aborted ? new FetchAbortedError(url) : translate(url, err, options);
    }
  }

  async function fetchFeed(
    url: string,
    validators: Validators | null = null,
    signal?: AbortSignal,
  ): Promise<FeedFetchResult> {
    try {
      const got = await fetchBytes(
        url,
        'application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, */*;q=0.1',
        validators,
        signal,
      );
      if (got.kind === 'not-modified') return got;
      if (got.bytes.subarray(0, 1024).includes(0))
        throw new UnsupportedContentError(url, got.contentType || 'unknown', 'binary data', 'a feed');
      return {
        kind: 'feed',
        url,
        finalUrl: got.finalUrl,
        status: got.status,
        text: decodeHtml(got.bytes, got.contentType),
        contentType: got.contentType,
        validators: got.validators,
      };
    } catch (err) {
      throw signal?.aborted ? new FetchAbortedError(url) : translate(url, err, options);
    }
  }

  return { fetchPage, fetchFeed, close: () => agent.close() };
}

function parseUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new InvalidUrlError(raw, 'malformed');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new InvalidUrlError(raw, `scheme ${url.protocol} is not http or https`);
  if (url.username || url.password) throw new InvalidUrlError(raw, 'credentials in the URL');
  url.hash = '';
  return url;
}

/** The request's own time limit, and the caller's signal if any. */
function withTimeout(caller: AbortSignal | undefined, ms: number): AbortSignal {
  const limit = AbortSignal.timeout(ms);
  return caller ? AbortSignal.any([caller, limit]) : limit;
}

function retryAfter(value: string | null): number | null {
  if (!value) return null;
  const seconds = Number(value);
  const at = Date.parse(value);
  const wait = Number.isFinite(seconds) ? seconds : Number.isNaN(at) ? null : (at - Date.now()) / 1000;
  return wait === null ? null : Math.min(MAX_RETRY_AFTER_S, Math.max(0, Math.round(wait)));
}

/** Turns whatever undici or the platform threw into one of our FetchErrors, keeping the cause. */
function translate(url: string, err: unknown, options: FetchOptions): FetchError {
  if (err instanceof FetchError) return err;
  const chain: unknown[] = [];
  for (let e: unknown = err; e && chain.length < 6; e = (e as { cause?: unknown }).cause) chain.push(e);
  const refused = chain.find((e): e is AddressRefused => e instanceof AddressRefused);
  if (refused) return new BlockedAddressError(url, refused.host, refused.address, refused.range);
  const ours = chain.find((e): e is FetchError => e instanceof FetchError);
  if (ours) return ours;
  const named = (name: string) =>
    chain.some((e) => (e as { name?: string; code?: string }).name === name || (e as { code?: string }).code === name);
  if (named('ConnectTimeoutError') || named('UND_ERR_CONNECT_TIMEOUT'))
    return new FetchTimeoutError(url, options.connectTimeoutMs, 'connect');
  if (
    named('TimeoutError') ||
    named('HeadersTimeoutError') ||
    named('BodyTimeoutError') ||
    named('UND_ERR_HEADERS_TIMEOUT') ||
    named('UND_ERR_BODY_TIMEOUT')
  ) {
    return new FetchTimeoutError(url, options.totalTimeoutMs, 'response');
  }
  const code =
    chain.map((e) => (e as { code?: string }).code).find((c): c is string => typeof c === 'string') ?? 'unknown';
  return new NetworkError(url, code, err);
}
