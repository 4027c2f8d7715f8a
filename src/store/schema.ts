import type { ColumnType, Generated } from 'kysely';

/** Times are ISO 8601 UTC strings (they sort as text, in SQLite and PostgreSQL alike). */
type Time = string;

export interface ArticlesTable {
  id: Generated<number>;
  url: string;
  outlet: string | null;
  headline: string | null;
  source: string;
  added_at: Time;
  active: ColumnType<number, number | undefined, number>;
  retired_reason: string | null;
  last_checked_at: Time | null;
  next_check_at: Time;
  etag: string | null;
  last_modified: string | null;
  last_error: string | null;
  /** When the last change was found; null while it never changed. */
  last_changed_at: Time | null;
  /** 404/410 answers in a row. */
  gone_count: ColumnType<number, number | undefined, number>;
  /** When a person last asked to watch it again after it was retired (its quiet time counts from then). */
  watched_since: Time | null;
  /** The quiet time (since first seen or the last change) that checks have witnessed, in ms. */
  quiet_observed_ms: ColumnType<number, number | undefined, number>;
  /** The article this one is a second address of (its page's canonical link names it); set when retired so. */
  duplicate_of: number | null;
  /** The worker that has it in hand (store/workers.ts), and until when; null when none has. */
  lease_owner: string | null;
  lease_until: Time | null;
}

export interface VersionsTable {
  id: Generated<number>;
  article_id: number;
  seq: number;
  fetched_at: Time;
  content_hash: string;
  /** The extracted Article as JSON. */
  content: string;
  /**
   * The page's HTML, so a better extractor can re-read old versions: a segment after `html_base_id` (and
   * `html_key_id`), see store/raw-html.ts; plain Brotli when `html_base_id` is null (rows before 0014).
   */
  raw_html: Buffer | null;
  final_url: string;
  etag: string | null;
  last_modified: string | null;
  /** The extraction rules `content` was read by (EXTRACTOR_VERSION); null before they were numbered. */
  extractor: number | null;
  /** The host's base page `raw_html` follows; null for plain Brotli. */
  html_base_id: number | null;
  /** The article's key version `raw_html` follows (after the base), when it is not a key itself. */
  html_key_id: number | null;
}

/** A page an outlet's versions are stored after (store/raw-html.ts); never changed or deleted. */
export interface HtmlBasesTable {
  id: Generated<number>;
  host: string;
  added_at: Time;
  /** The page as the first segment of a Brotli stream (store/html-chain.ts). */
  html: Buffer;
}

export interface ChecksTable {
  id: Generated<number>;
  article_id: number;
  at: Time;
  outcome: 'first-version' | 'new-version' | 'minor-version' | 'unchanged' | 'not-modified' | 'error';
  http_status: number | null;
  error_code: string | null;
  error_message: string | null;
  duration_ms: number;
}

export interface ChangesTable {
  id: Generated<number>;
  article_id: number;
  from_version_id: number;
  to_version_id: number;
  detected_at: Time;
  /** The ArticleDiff as JSON. */
  diff: string;
  /** 1: no edit (typography, spacing, a split with no word changed): kept for the record, never posted. */
  minor: Generated<number>;
}

export interface PostsTable {
  id: string;
  /** edit: a change of an article; ack / refusal: the answer to a tracking request. */
  kind: ColumnType<PostKind, PostKind | undefined, PostKind>;
  change_id: number | null;
  article_id: number | null;
  network: string;
  /** Which thread the post belongs to: "article" (the bot's own thread per article) or "request:<id>". */
  thread: ColumnType<string, string | undefined, string>;
  state: 'pending' | 'sending' | 'posted' | 'failed';
  text: string;
  article_url: string;
  images: string;
  in_reply_to: string | null;
  /** The outside post (a request) that the thread starts from, when no post of ours is in it yet. */
  reply_root_id: string | null;
  reply_root_cid: string | null;
  reply_parent_id: string | null;
  reply_parent_cid: string | null;
  /** JSON {handle, id}: the account the text starts by mentioning (Bluesky needs it as a facet). */
  mention: string | null;
  /** JSON array of other full URLs in the text (the archive page). */
  extra_links: string | null;
  /** At most this visible (Mastodon: the request's own visibility), or null for the configured one. */
  visibility: string | null;
  /** Folder of the post's images under the media directory. */
  media: string | null;
  created_at: Time;
  updated_at: Time;
  attempts: number;
  last_error: string | null;
  remote_id: string | null;
  remote_url: string | null;
  /** Bluesky: the record's CID (a reply needs root and parent as URI + CID). */
  remote_cid: string | null;
  /** The key chosen when the post was queued and used by every try (Bluesky's record key, Mastodon's Idempotency-Key). */
  remote_key: string | null;
  /** JSON array: Mastodon ids of the images uploaded for this post, recorded before its status is made. */
  remote_media: string | null;
  /** The queue order: each post queued takes the next number (written by the database). */
  queue_seq: Generated<number>;
}

export type PostKind = 'edit' | 'ack' | 'refusal';

export interface FeedsTable {
  id: Generated<number>;
  url: string;
  added_at: Time;
  next_check_at: Time;
  last_checked_at: Time | null;
  etag: string | null;
  last_modified: string | null;
  last_error: string | null;
  articles_added: ColumnType<number, number | undefined, number>;
}

export interface RequestsTable {
  id: Generated<number>;
  network: string;
  /** The mention: Mastodon status id, or Bluesky at:// URI (with its CID). */
  remote_id: string;
  remote_cid: string | null;
  /** The root of the thread the mention is in (Bluesky replies need it). */
  root_id: string | null;
  root_cid: string | null;
  /** Mastodon account id, or Bluesky DID; and the handle to address them by. */
  author_id: string;
  author_handle: string;
  received_at: Time;
  action: 'track' | 'untrack';
  url: string | null;
  article_id: number | null;
  /** pending: tracked, waiting for the first check before the answer. */
  outcome: 'pending' | 'tracking' | 'refused' | 'untracked' | 'ignored';
  reason: string | null;
  /** 1 while the requester's thread gets a reply for each edit. */
  active: ColumnType<number, number | undefined, number>;
  /** The mention's visibility (Mastodon), which its answers do not exceed. */
  visibility: string | null;
}

export interface CursorsTable {
  name: string;
  value: string;
}

/** A wait a server asked for, kept across cycles and restarts (see store/pauses.ts). */
export interface PausesTable {
  /** network:<name> or host:<host>. */
  scope: string;
  resume_at: Time;
  reason: string;
  set_at: Time;
}

/** Counts kept by triggers as rows change (migration 0013): `articles:active`, `changes:edits`, `posts:<state>` … */
export interface TalliesTable {
  name: string;
  n: number;
}

/** Each outlet with its articles and their edits, kept by triggers (migration 0013). */
export interface OutletsTable {
  name: string;
  articles: number;
  edits: number;
}

/** The full-text index of articles' headlines, URLs and outlets (FTS5, kept by triggers; the rowid is the article's id). */
export interface ArticleSearchTable {
  rowid: number;
  /** The table's own column: `article_search match '…'` searches every column. */
  article_search: string;
}

/** A change's card files (store/media.ts), by the folder name its posts hold. */
export interface MediaTable {
  folder: string;
  file: string;
  bytes: Buffer;
  added_at: Time;
}

/** Each process that runs check cycles on the database (store/workers.ts). */
export interface WorkersTable {
  /** Chosen by the process when it starts. */
  id: string;
  host: string;
  pid: number;
  /** The editwatch command: start or check. */
  command: string;
  started_at: Time;
  /** Renewed while it runs; a worker not seen for a lease's time is gone. */
  seen_at: Time;
  stopped_at: Time | null;
}

/** A job one worker at a time does (feeds, mentions, a network's outbox), held until `until` unless renewed. */
export interface LeasesTable {
  name: string;
  owner: string;
  until: Time;
}

/** When each host may next be fetched from, by any worker (ms since the epoch). */
export interface HostTurnsTable {
  host: string;
  next_ms: number;
}

export interface Database {
  articles: ArticlesTable;
  versions: VersionsTable;
  checks: ChecksTable;
  changes: ChangesTable;
  posts: PostsTable;
  feeds: FeedsTable;
  requests: RequestsTable;
  cursors: CursorsTable;
  pauses: PausesTable;
  tallies: TalliesTable;
  outlets: OutletsTable;
  article_search: ArticleSearchTable;
  html_bases: HtmlBasesTable;
  media: MediaTable;
  workers: WorkersTable;
  leases: LeasesTable;
  host_turns: HostTurnsTable;
}
