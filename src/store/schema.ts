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
}

export interface VersionsTable {
  id: Generated<number>;
  article_id: number;
  seq: number;
  fetched_at: Time;
  content_hash: string;
  /** The extracted Article as JSON. */
  content: string;
  /** The page's HTML, Brotli-compressed, so a better extractor can re-read old versions. */
  raw_html: Buffer | null;
  final_url: string;
  etag: string | null;
  last_modified: string | null;
}

export interface ChecksTable {
  id: Generated<number>;
  article_id: number;
  at: Time;
  outcome: 'first-version' | 'new-version' | 'unchanged' | 'not-modified' | 'error';
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
}

export interface PostsTable {
  id: string;
  change_id: number;
  article_id: number;
  network: string;
  state: 'pending' | 'sending' | 'posted' | 'failed';
  text: string;
  article_url: string;
  images: string;
  in_reply_to: string | null;
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
  /** A key chosen before the first network call and reused on retries (Bluesky's record key). */
  remote_key: string | null;
}

export interface Database {
  articles: ArticlesTable;
  versions: VersionsTable;
  checks: ChecksTable;
  changes: ChangesTable;
  posts: PostsTable;
}
