/** The codes of FetchErrors other than an HTTP status: one for each subclass below (three for redirects). */
export const FETCH_ERROR_CODES = [
  'invalid-url',
  'blocked-address',
  'robots-disallowed',
  'timeout',
  'too-large',
  'aborted',
  'unsupported-content',
  'redirect-loop',
  'redirect-too-many',
  'redirect-bad-location',
  'network',
] as const;

/** An HTTP status the page was refused with, as a FetchError's code: `http-404`. */
export type HttpStatusCode = `http-${number}`;

/** Why a page could not be fetched, as stored with the check: stable strings, never renamed. */
export type FetchErrorCode = (typeof FETCH_ERROR_CODES)[number] | HttpStatusCode;

/** Why a page could not be fetched; `code` is stable and stored with the check. */
export class FetchError extends Error {
  override name = 'FetchError';
  constructor(
    readonly url: string,
    readonly code: FetchErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  /** The same error, told about another URL (a robots.txt failure reported for the page it blocks). */
  forUrl(url: string): this {
    const copy = Object.create(Object.getPrototypeOf(this) as object) as this;
    Object.assign(copy, this, { url, message: this.message.replace(this.url, url), stack: this.stack });
    return copy;
  }
}

export class InvalidUrlError extends FetchError {
  override name = 'InvalidUrlError';
  constructor(url: string, why: string) {
    super(url, 'invalid-url', `${url}: not a fetchable URL (${why})`);
  }
}

export class BlockedAddressError extends FetchError {
  override name = 'BlockedAddressError';
  constructor(
    url: string,
    readonly host: string,
    readonly address: string,
    readonly range: string,
  ) {
    super(
      url,
      'blocked-address',
      `${url}: refused, ${host} resolves to ${address} (${range}), not a public address; set EDITWATCH_ALLOW_PRIVATE_HOSTS=true only for local testing`,
    );
  }
}

export class RobotsDisallowedError extends FetchError {
  override name = 'RobotsDisallowedError';
  constructor(url: string, why = 'robots.txt disallows it for this bot') {
    super(url, 'robots-disallowed', `${url}: not fetched, ${why}`);
  }
}

export class FetchTimeoutError extends FetchError {
  override name = 'FetchTimeoutError';
  constructor(
    url: string,
    readonly timeoutMs: number,
    readonly phase: 'connect' | 'response',
  ) {
    super(
      url,
      'timeout',
      `${url}: timed out after ${timeoutMs} ms (${phase === 'connect' ? 'connecting' : 'waiting for the response'})`,
    );
  }
}

export class FetchTooLargeError extends FetchError {
  override name = 'FetchTooLargeError';
  constructor(
    url: string,
    readonly limit: number,
  ) {
    super(url, 'too-large', `${url}: response larger than the ${formatBytes(limit)} limit, stopped reading`);
  }
}

/** The caller gave up (a shutdown): nothing is known about the page. */
export class FetchAbortedError extends FetchError {
  override name = 'FetchAbortedError';
  constructor(url: string) {
    super(url, 'aborted', `${url}: not fetched, stopped by a shutdown`);
  }
}

export class HttpStatusError extends FetchError {
  override name = 'HttpStatusError';
  constructor(
    url: string,
    readonly status: number,
    /** Seconds to wait, from Retry-After on 429/503 (at most a day). */
    readonly retryAfterSeconds: number | null,
  ) {
    const wait = retryAfterSeconds !== null ? `, retry after ${retryAfterSeconds} s` : '';
    super(url, `http-${status}`, `${url}: HTTP ${status}${describeStatus(status)}${wait}`);
  }
}

export class UnsupportedContentError extends FetchError {
  override name = 'UnsupportedContentError';
  constructor(
    url: string,
    readonly contentType: string,
    why: string,
    what = 'an HTML page',
  ) {
    super(url, 'unsupported-content', `${url}: not ${what} (${why})`);
  }
}

export class RedirectError extends FetchError {
  override name = 'RedirectError';
  constructor(
    url: string,
    readonly kind: 'loop' | 'too-many' | 'bad-location',
    readonly chain: string[],
    /** The most redirects followed (EDITWATCH_MAX_REDIRECTS); the chain holds one more, the one refused. */
    readonly limit?: number,
  ) {
    const what =
      kind === 'loop'
        ? 'redirect loop'
        : kind === 'too-many'
          ? `more than ${limit ?? chain.length - 2} redirects`
          : 'redirect without a usable Location';
    super(url, `redirect-${kind}`, `${url}: ${what} (${chain.join(' -> ')})`);
  }
}

export class NetworkError extends FetchError {
  override name = 'NetworkError';
  constructor(
    url: string,
    readonly systemCode: string,
    cause: unknown,
  ) {
    super(url, 'network', `${url}: ${describeNetwork(systemCode)} (${systemCode})`, { cause });
  }
}

function describeStatus(status: number): string {
  const names: Record<number, string> = {
    401: ' Unauthorized',
    403: ' Forbidden',
    404: ' Not Found',
    410: ' Gone (the article was removed)',
    429: ' Too Many Requests',
    451: ' Unavailable For Legal Reasons',
    500: ' Internal Server Error',
    502: ' Bad Gateway',
    503: ' Service Unavailable',
    504: ' Gateway Timeout',
  };
  return names[status] ?? '';
}

function describeNetwork(code: string): string {
  switch (code) {
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'host name does not resolve';
    case 'ECONNREFUSED':
      return 'connection refused, host unreachable on that port';
    case 'ECONNRESET':
    case 'UND_ERR_SOCKET':
      return 'connection dropped by the server';
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return 'host unreachable';
    default:
      return 'network error';
  }
}

function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / 1024 / 1024).toFixed(n % (1024 * 1024) === 0 ? 0 : 1)} MB`;
  if (n >= 1024) return `${Math.round(n / 1024)} KB`;
  return `${n} bytes`;
}
