import { createRestAPIClient, MastoHttpError, MastoTimeoutError, MastoUnexpectedError, type mastodon } from 'masto';
import type { Logger } from '../log.ts';
import { fitPostText, TEXT_LIMITS } from './post-text.ts';
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

export interface MastodonSettings {
  url: string;
  token: string;
  visibility: 'public' | 'unlisted' | 'private';
  /** ISO 639-1 code of the posts' language, or null to let the server guess. */
  language: string | null;
  /** How long one HTTP call may take. */
  timeoutMs?: number;
  /** How long to wait for the server to process an uploaded image. */
  mediaTimeoutMs?: number;
  retry?: Partial<RetryPolicy>;
}

/** How far back a post is looked for after a crash: pages of 40 statuses with images, and the clock margin. */
const RECONCILE_PAGES = 10;
const CLOCK_MARGIN_MS = 60 * 60_000;

/** The post text's limit on this instance (its configuration), and how it counts a link. */
interface InstanceLimits {
  maxCharacters: number;
  charactersPerUrl: number;
}

/** Posts to a Mastodon account through masto: images (v2 media, waited on), then the status. */
export class MastodonPublisher implements Publisher {
  readonly network = 'mastodon' as const;
  /** The REST client, shared with the mention reader. */
  readonly client: mastodon.rest.Client;
  private readonly clients = new WeakMap<AbortSignal, mastodon.rest.Client>();
  private readonly retry: RetryPolicy;
  private limits: InstanceLimits | null = null;
  private accountId: string | null = null;

  /** One call to the network, with the publisher's retries and reading of errors (mention readers use it too). */
  readonly call: NetworkCall;

  constructor(
    private readonly settings: MastodonSettings,
    private readonly log: Logger,
  ) {
    this.client = createRestAPIClient(this.clientOptions());
    this.retry = { ...DEFAULT_RETRY, ...settings.retry };
    this.call = networkCaller('mastodon', classifyMastodonError, this.retry, log);
  }

  async publish(post: OutboxPost, ctx: SendContext): Promise<Published> {
    const { signal } = ctx;
    const limits = await this.instanceLimits(signal);
    const text = fitPostText(post.text, post.articleUrl, {
      max: limits.maxCharacters,
      linkLength: limits.charactersPerUrl,
    });
    if (text === null)
      throw new Error(
        `the post does not fit this instance's limit of ${limits.maxCharacters} characters even without its headline`,
      );
    const mediaIds: string[] = [];
    for (const [i, image] of post.images.entries()) {
      const bytes = await post.readImage(image.file);
      const media = await this.call(
        `upload image ${i + 1} of ${post.images.length}`,
        () =>
          this.api(signal).v2.media.create({
            file: new Blob([new Uint8Array(bytes)], { type: 'image/png' }),
            description: image.alt,
          }),
        signal,
      );
      mediaIds.push(media.id);
      ctx.step(`media-uploaded-${i + 1}`);
    }
    // Before the status exists: after a crash, these ids find it (and only it) among the account's statuses.
    if (mediaIds.length) await ctx.recordUploads(mediaIds);
    const params = {
      status: text,
      visibility: narrowest(this.settings.visibility, post.visibility),
      ...(mediaIds.length ? { mediaIds } : {}),
      ...(ctx.thread ? { inReplyToId: ctx.thread.parent.remoteId } : {}),
      ...(this.settings.language ? { language: this.settings.language } : {}),
    };
    // The same Idempotency-Key on every try: a status the server already made is returned, not made again.
    const status = await this.call(
      'post status',
      () => this.api(signal).v1.statuses.create(params, { requestInit: { headers: { 'Idempotency-Key': ctx.key } } }),
      signal,
    );
    ctx.step('status-created');
    return { remoteId: status.id, remoteUrl: status.url ?? status.uri };
  }

  /**
   * Finds the post by its own uploads: a media attachment belongs to one status only, and these were
   * uploaded for this post alone, so a status carrying one is this post, never a look-alike from another
   * state on the account. With no upload recorded (a text-only post, or a crash before the status call)
   * nothing identifies the post exactly, so it is not looked for: it is sent again with the same
   * Idempotency-Key, which the server answers with the status it already made (for an hour, in Mastodon).
   */
  async reconcile(post: OutboxPost, ctx: SendContext): Promise<Published | null> {
    if (ctx.uploads.length === 0) return null;
    const accountId = await this.ownAccountId(ctx.signal);
    const account = this.api(ctx.signal).v1.accounts.$select(accountId);
    // Its status cannot be older than the post's queueing (less a margin for the server's clock).
    const since = Date.parse(post.queuedAt) - CLOCK_MARGIN_MS;
    let maxId: string | undefined;
    for (let page = 0; page < RECONCILE_PAGES; page++) {
      const statuses: mastodon.v1.Status[] = await this.call(
        'read own statuses',
        async () => await account.statuses.list({ limit: 40, onlyMedia: true, ...(maxId ? { maxId } : {}) }),
        ctx.signal,
      );
      const found = statuses.find((s) => s.mediaAttachments.some((m) => ctx.uploads.includes(m.id)));
      if (found) return { remoteId: found.id, remoteUrl: found.url ?? found.uri };
      const oldest = statuses.at(-1);
      if (!oldest || Date.parse(oldest.createdAt) < since) return null;
      maxId = oldest.id;
    }
    this.log.warn(
      { network: 'mastodon', post: post.id, pages: RECONCILE_PAGES },
      'post not found among the latest statuses with images; sending it again with the same Idempotency-Key',
    );
    return null;
  }

  private async instanceLimits(signal?: AbortSignal): Promise<InstanceLimits> {
    if (!this.limits) {
      const instance = await this.call(
        'read instance configuration',
        () => this.api(signal).v2.instance.fetch(),
        signal,
      );
      const statuses = instance.configuration.statuses as { maxCharacters?: number; charactersReservedPerUrl?: number };
      this.limits = {
        maxCharacters: statuses.maxCharacters ?? TEXT_LIMITS.mastodon.max,
        charactersPerUrl: statuses.charactersReservedPerUrl ?? TEXT_LIMITS.mastodon.linkLength ?? 23,
      };
      this.log.debug({ network: 'mastodon', ...this.limits }, 'instance limits read');
    }
    return this.limits;
  }

  /** The bot's own account id (verify_credentials, once). */
  async ownAccountId(signal?: AbortSignal): Promise<string> {
    this.accountId ??= (
      await this.call('verify credentials', () => this.api(signal).v1.accounts.verifyCredentials(), signal)
    ).id;
    return this.accountId;
  }

  /**
   * The REST client; with `signal`, one whose every request is aborted with it. A client of its own:
   * masto drops per-call options on list calls (its paginator is built without them).
   */
  api(signal?: AbortSignal): mastodon.rest.Client {
    if (!signal) return this.client;
    let client = this.clients.get(signal);
    if (!client) {
      client = createRestAPIClient({ ...this.clientOptions(), requestInit: { signal } });
      this.clients.set(signal, client);
    }
    return client;
  }

  private clientOptions() {
    return {
      url: this.settings.url,
      accessToken: this.settings.token,
      timeout: this.settings.timeoutMs ?? 30_000,
      mediaTimeout: this.settings.mediaTimeoutMs ?? 120_000,
    };
  }
}

/** What a failed masto call means: masto keeps the Response as the error's cause, with its headers. */
function classifyMastodonError(err: unknown, now: number): Verdict {
  if (err instanceof MastoHttpError) {
    const headers = err.cause instanceof Response ? err.cause.headers : null;
    const reason = `HTTP ${err.statusCode}: ${err.message}${err.description ? ` (${err.description})` : ''}`;
    if (err.statusCode === 429) {
      const wait = retryAfterMs(headers?.get('retry-after'), now) ?? resetInMs(headers?.get('x-ratelimit-reset'), now);
      return { kind: 'transient', waitMs: wait, reason };
    }
    if (err.statusCode >= 500)
      return { kind: 'transient', waitMs: retryAfterMs(headers?.get('retry-after'), now), reason };
    if (err.statusCode === 401 || err.statusCode === 403)
      return { kind: 'halt', why: 'auth', reason: `${reason}; check MASTODON_TOKEN and the account` };
    return { kind: 'halt', why: 'rejected', reason };
  }
  // Timeouts, a body that is not JSON (a proxy's error page), dropped connections.
  if (err instanceof MastoTimeoutError || err instanceof MastoUnexpectedError)
    return { kind: 'transient', waitMs: null, reason: err.message };
  if (isConnectionError(err)) return { kind: 'transient', waitMs: null, reason: describe(err) };
  return { kind: 'post', reason: describe(err) };
}

function describe(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const cause = err.cause instanceof Error ? `: ${err.cause.message}` : '';
  return `${err.message}${cause}`;
}

const VISIBILITY = ['public', 'unlisted', 'private', 'direct'] as const;
type Visibility = (typeof VISIBILITY)[number];

/** The less visible of the configured visibility and the post's own limit (a private request's answer). */
function narrowest(configured: Visibility, limit: string | null): Visibility {
  const i = VISIBILITY.indexOf(limit as Visibility);
  return i > VISIBILITY.indexOf(configured) ? VISIBILITY[i]! : configured;
}
