import type { Insertable, Selectable } from 'kysely';
import type { Network } from '../domain.ts';
import type { Article } from '../extract/article.ts';
import type { ArticleDiff } from '../diff/types.ts';
import type { ArticlesTable, ChecksTable, FeedsTable, PostKind, PostsTable, RequestsTable } from './schema.ts';

/** The store's records as the other stages see them. */

export type ArticleRow = Selectable<ArticlesTable>;
/** A request as stored, its network checked. */
export type RequestRow = Omit<Selectable<RequestsTable>, 'network'> & { network: Network };
export type NewRequest = Insertable<RequestsTable>;
export type FeedRow = Selectable<FeedsTable>;
/** A post as stored, decoded: its network checked, its JSON columns parsed. */
export type PostRow = Omit<
  Selectable<PostsTable>,
  'network' | 'images' | 'mention' | 'extra_links' | 'remote_media'
> & {
  network: Network;
  images: PostImage[];
  mention: Mention | null;
  /** Other full URLs in the text (the archive page); none when the column is null. */
  extra_links: string[];
  /** Mastodon ids of the images uploaded for it, recorded before its status is made; none when null. */
  remote_media: string[];
};
/** An account a post's text starts by mentioning. */
export interface Mention {
  handle: string;
  id: string;
}
export type CheckOutcome = ChecksTable['outcome'];
export type PostState = PostsTable['state'];

export interface StoredVersion {
  id: number;
  seq: number;
  fetchedAt: string;
  finalUrl: string;
  contentHash: string;
  article: Article;
  /** The extraction rules that read it (EXTRACTOR_VERSION), null before they were numbered. */
  extractor: number | null;
}

export interface StoredChange {
  id: number;
  articleId: number;
  fromVersionId: number;
  toVersionId: number;
  detectedAt: string;
  diff: ArticleDiff;
  /** No edit: a minor version, never posted. */
  minor: boolean;
}

export interface NewPost {
  id: string;
  media: string | null;
  network: string;
  text: string;
  articleUrl: string;
  images: PostImage[];
  inReplyTo: string | null;
  /** The thread: the article's own (default), or a requester's ("request:<id>"). */
  thread?: string;
  /** Other full URLs the text links to (the archive page). */
  extraLinks?: string[];
  /** At most this visible (a private request's thread). */
  visibility?: string | null;
  /** The outside post a requester's thread starts from (the mention). */
  replyTo?: ReplyTarget | null;
  /** The account the text starts by mentioning. */
  mention?: Mention | null;
}

/** An outside post to reply to: its id (and CID on Bluesky), and its thread's root. */
export interface ReplyTarget {
  root: { id: string; cid: string | null };
  parent: { id: string; cid: string | null };
}

/** A reply to a request (no change, no images). */
export interface NewReply {
  id: string;
  kind: Exclude<PostKind, 'edit'>;
  network: string;
  articleId: number | null;
  thread: string;
  text: string;
  articleUrl: string;
  inReplyTo: string | null;
  replyTo: ReplyTarget;
  mention: Mention | null;
  visibility: string | null;
}

/** An image of a post: a file in the change's media folder, its alt text, and its size (Bluesky's aspectRatio). */
export interface PostImage {
  file: string;
  alt: string;
  width: number;
  height: number;
}

export interface PostUpdate {
  error?: string | null;
  /** The post of ours it replied to, recorded when it is sent. */
  inReplyTo?: string | null;
  remoteId?: string | null;
  remoteUrl?: string | null;
  remoteCid?: string | null;
}

export interface CheckRecord {
  at: string;
  outcome: CheckOutcome;
  httpStatus: number | null;
  errorCode: string | null;
  errorMessage: string | null;
  durationMs: number;
}

/** What the schedule decided after a check: the next due time, or retirement; and the 404/410 count. */
/** `quietObservedMs`: the article's quiet time witnessed by checks after this one (see ArticleTimes). */
export type NextSchedule =
  { nextCheckAt: string; gone?: number; quietObservedMs?: number } | { retiredReason: string; gone?: number };
