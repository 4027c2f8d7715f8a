import {
  AtpAgent,
  RichText,
  XRPCError,
  type AppBskyFeedPost,
  type AtpSessionData,
  type AtpSessionEvent,
} from '@atproto/api';
import type { Logger } from '../log.ts';
import { displayUrl, fitPostText, TEXT_LIMITS } from './post-text.ts';
import { BlueskySessionFile } from './bluesky-session.ts';
import {
  DEFAULT_RETRY,
  isConnectionError,
  resetInMs,
  retryAfterMs,
  networkCaller,
  type NetworkCall,
  type RetryPolicy,
  type Verdict,
} from './retry.ts';
import type { OutboxPost, Published, Publisher, SendContext } from './types.ts';

const POST = 'app.bsky.feed.post';
/** The images embed's limit per image (app.bsky.embed.images). */
const MAX_IMAGE_BYTES = 1_000_000;

export interface BlueskySettings {
  service: string;
  handle: string;
  appPassword: string;
  /** Where the refreshable session is kept. */
  sessionFile: string;
  /** ISO 639-1 code of the posts' language, or null. */
  language: string | null;
  /** Web address of the app that shows posts, for links in logs and the outbox. */
  appUrl?: string;
  /** How long one HTTP call may take. */
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
}

/** Posts to a Bluesky account through @atproto/api: image blobs, then a post record under a chosen key. */
export class BlueskyPublisher implements Publisher {
  readonly network = 'bluesky' as const;
  /** The client, shared with the mention reader. */
  readonly agent: AtpAgent;
  private readonly sessionFile: BlueskySessionFile;
  private readonly retry: RetryPolicy;
  private ready: Promise<string> | null = null;

  /** One call to the network, with the publisher's retries and reading of errors (mention readers use it too). */
  readonly call: NetworkCall;

  constructor(
    private readonly settings: BlueskySettings,
    private readonly log: Logger,
  ) {
    this.sessionFile = new BlueskySessionFile(settings.sessionFile, settings.service, settings.handle);
    this.retry = { ...DEFAULT_RETRY, ...settings.retry };
    this.call = networkCaller('bluesky', classifyBlueskyError, this.retry, log);
    const timeoutMs = settings.timeoutMs ?? 30_000;
    const fetchWithTimeout: typeof fetch = (input, init) => {
      const limit = AbortSignal.timeout(timeoutMs);
      return fetch(input, { ...init, signal: init?.signal ? AbortSignal.any([init.signal, limit]) : limit });
    };
    this.agent = new AtpAgent({
      service: settings.service,
      fetch: fetchWithTimeout,
      persistSession: (event, session) => this.onSession(event, session),
    });
  }

  async publish(post: OutboxPost, ctx: SendContext): Promise<Published> {
    const { signal } = ctx;
    const did = await this.session(signal);
    // A record under this key may exist already (sent before a crash): then it is the post.
    const existing = await this.findRecord(did, ctx.key, signal);
    if (existing) return existing;
    const images = [];
    for (const [i, image] of post.images.entries()) {
      const bytes = await post.readImage(image.file);
      if (bytes.length > MAX_IMAGE_BYTES)
        throw new Error(`${image.file} is ${bytes.length} bytes; Bluesky takes images up to ${MAX_IMAGE_BYTES}`);
      const blob = await this.call(
        `upload image ${i + 1} of ${post.images.length}`,
        () => this.agent.uploadBlob(new Uint8Array(bytes), { encoding: 'image/png', ...(signal ? { signal } : {}) }),
        signal,
      );
      images.push({ image: blob.data.blob, alt: image.alt, aspectRatio: { width: image.width, height: image.height } });
      ctx.step(`media-uploaded-${i + 1}`);
    }
    const record: AppBskyFeedPost.Record = {
      $type: POST,
      ...postTextWithFacets(post.text, post.articleUrl, post.mention, post.extraLinks),
      createdAt: new Date(this.retry.now()).toISOString(),
      ...(this.settings.language ? { langs: [this.settings.language] } : {}),
      ...(images.length ? { embed: { $type: 'app.bsky.embed.images', images } } : {}),
      ...(ctx.thread ? { reply: { root: strongRef(ctx.thread.root), parent: strongRef(ctx.thread.parent) } } : {}),
    };
    // The PDS answers 500 when the key is taken, so each try first asks whether an earlier one (whose
    // answer was lost) created the record.
    const created = await this.call(
      'create post record',
      async () => {
        try {
          const res = await this.agent.com.atproto.repo.createRecord(
            { repo: did, collection: POST, rkey: ctx.key, record, validate: true },
            xrpcOptions(signal),
          );
          return this.published(res.data.uri, res.data.cid);
        } catch (err) {
          const found = await this.lookUp(did, ctx.key, signal).catch(() => null);
          if (found) return found;
          throw err;
        }
      },
      signal,
    );
    ctx.step('record-created');
    return created;
  }

  async reconcile(_post: OutboxPost, ctx: SendContext): Promise<Published | null> {
    return this.findRecord(await this.session(ctx.signal), ctx.key, ctx.signal);
  }

  private findRecord(did: string, rkey: string, signal?: AbortSignal): Promise<Published | null> {
    return this.call('look up post record', () => this.lookUp(did, rkey, signal), signal);
  }

  /** One getRecord: the post under this key, or null when there is none. */
  private async lookUp(did: string, rkey: string, signal?: AbortSignal): Promise<Published | null> {
    try {
      const got = await this.agent.com.atproto.repo.getRecord(
        { repo: did, collection: POST, rkey },
        xrpcOptions(signal),
      );
      return got.data.cid ? this.published(got.data.uri, got.data.cid) : null;
    } catch (err) {
      if (err instanceof XRPCError && err.error === 'RecordNotFound') return null;
      throw err;
    }
  }

  private published(uri: string, cid: string): Published {
    const rkey = uri.split('/').pop() ?? '';
    return {
      remoteId: uri,
      remoteCid: cid,
      remoteUrl: `${this.settings.appUrl ?? 'https://bsky.app'}/profile/${this.settings.handle}/post/${rkey}`,
    };
  }

  /**
   * The bot's DID, once the saved session is resumed (refreshed if need be) or a login made. `signal`
   * ends the retries; the calls themselves (no per-call options in the agent) end at the timeout.
   */
  session(signal?: AbortSignal): Promise<string> {
    this.ready ??= this.startSession(signal).catch((err: unknown) => {
      this.ready = null;
      throw err;
    });
    return this.ready;
  }

  private async startSession(signal?: AbortSignal): Promise<string> {
    const saved = this.sessionFile.load();
    if (saved) {
      try {
        await this.call('resume session', () => this.agent.resumeSession(saved), signal);
        this.log.debug({ network: 'bluesky', did: saved.did }, 'bluesky session resumed');
        return saved.did;
      } catch (err) {
        signal?.throwIfAborted();
        this.log.info(
          { network: 'bluesky', err: (err as Error).message },
          'saved bluesky session not usable; logging in',
        );
        this.sessionFile.clear();
      }
    }
    const login = await this.call(
      'log in',
      () => this.agent.login({ identifier: this.settings.handle, password: this.settings.appPassword }),
      signal,
    );
    this.log.info({ network: 'bluesky', handle: this.settings.handle, did: login.data.did }, 'logged in to bluesky');
    return login.data.did;
  }

  private onSession(event: AtpSessionEvent, session: AtpSessionData | undefined): void {
    if ((event === 'create' || event === 'update') && session) this.sessionFile.save(session);
    else if (event === 'expired' || event === 'create-failed') this.sessionFile.clear();
  }
}

/** XRPC call options: the request is aborted with `signal`. */
export function xrpcOptions(signal?: AbortSignal): { signal: AbortSignal } | undefined {
  return signal ? { signal } : undefined;
}

/**
 * The post's text with its facets: the article link, shown short and linked in full, and the account it
 * starts by addressing. Byte offsets are in UTF-8.
 */
export function postTextWithFacets(
  text: string,
  url: string,
  mention: { handle: string; id: string } | null = null,
  extraLinks: string[] = [],
): { text: string; facets?: AppBskyFeedPost.Record['facets'] } {
  const shown = url ? [displayUrl(url), url].find((form) => text.includes(form)) : undefined;
  const fitted = shown ? (fitPostText(text, shown, TEXT_LIMITS.bluesky) ?? text) : text;
  const rt = new RichText({ text: fitted });
  const bytes = (from: number, length: number) => ({
    byteStart: rt.unicodeText.utf16IndexToUtf8Index(from),
    byteEnd: rt.unicodeText.utf16IndexToUtf8Index(from + length),
  });
  const facets: NonNullable<AppBskyFeedPost.Record['facets']> = [];
  const at = `@${mention?.handle ?? ''}`;
  if (mention && fitted.startsWith(at))
    facets.push({
      index: bytes(0, at.length),
      features: [{ $type: 'app.bsky.richtext.facet#mention', did: mention.id }],
    });
  const articleAt = shown ? fitted.lastIndexOf(shown) : -1;
  for (const extra of extraLinks) {
    const form = [displayUrl(extra), extra].find((f) => fitted.includes(f));
    const at = form ? fitted.lastIndexOf(form) : -1;
    if (form && at !== articleAt)
      facets.push({ index: bytes(at, form.length), features: [{ $type: 'app.bsky.richtext.facet#link', uri: extra }] });
  }
  if (shown)
    facets.push({
      index: bytes(articleAt, shown.length),
      features: [{ $type: 'app.bsky.richtext.facet#link', uri: url }],
    });
  facets.sort((a, b) => a.index.byteStart - b.index.byteStart);
  return facets.length ? { text: rt.text, facets } : { text: rt.text };
}

function strongRef(p: Published): { uri: string; cid: string } {
  if (!p.remoteCid) throw new Error(`the post ${p.remoteId} has no CID recorded; cannot reply to it`);
  return { uri: p.remoteId, cid: p.remoteCid };
}

const AUTH_ERRORS = new Set([
  'AuthenticationRequired',
  'ExpiredToken',
  'InvalidToken',
  'AccountTakedown',
  'AccountDeactivated',
  'AuthFactorTokenRequired',
]);

/** What a failed XRPC call means; XRPCError carries the response headers (rate limits). */
function classifyBlueskyError(err: unknown, now: number): Verdict {
  if (err instanceof XRPCError) {
    const status = Number(err.status);
    const reason = `${status > 1 ? `HTTP ${status} ` : ''}${err.error}: ${err.message}`;
    const header = (name: string) => err.headers?.[name] ?? null;
    if (status === 429)
      return {
        kind: 'transient',
        waitMs: retryAfterMs(header('retry-after'), now) ?? resetInMs(header('ratelimit-reset'), now),
        reason,
      };
    if (status >= 500 || status <= 1)
      return { kind: 'transient', waitMs: retryAfterMs(header('retry-after'), now), reason };
    if (status === 401 || status === 403 || AUTH_ERRORS.has(err.error))
      return { kind: 'halt', why: 'auth', reason: `${reason}; check BSKY_HANDLE and BSKY_APP_PASSWORD` };
    return { kind: 'halt', why: 'rejected', reason };
  }
  if (isConnectionError(err)) return { kind: 'transient', waitMs: null, reason: (err as Error).message };
  return { kind: 'post', reason: err instanceof Error ? err.message : String(err) };
}
