import type { Network } from '../domain.ts';
import type { PostImage } from '../store/index.ts';

/** A post as the publishers see it: what the outbox row holds, decoded. */
export interface OutboxPost {
  id: string;
  network: Network;
  text: string;
  articleUrl: string;
  images: PostImage[];
  /** An image file's bytes (`images[].file`), from wherever the state keeps its cards. */
  readImage(file: string): Promise<Buffer>;
  /** The outbox id of the post this one replies to (the previous post about the same article), or null. */
  inReplyTo: string | null;
  /** The account the text starts by mentioning (`@handle …`): Bluesky needs it as a mention facet. */
  mention: { handle: string; id: string } | null;
  /** Other full URLs in the text (the archive page): Bluesky links them where the text shows them short. */
  extraLinks: string[];
  /** At most this visible (Mastodon: an answer to a private request), or null. */
  visibility: string | null;
  /** When it was queued: it cannot be on the network from before then. */
  queuedAt: string;
}

/** A post on a network: its id there (Mastodon status id, Bluesky at:// URI), CID (Bluesky), web address. */
export interface Published {
  remoteId: string;
  remoteCid?: string | null;
  remoteUrl: string | null;
}

/** Where a post goes in its article's thread: the thread's first post and the one it answers. */
export interface ThreadRefs {
  root: Published;
  parent: Published;
}

export interface SendContext {
  /** Null for the first post about an article. */
  thread: ThreadRefs | null;
  /** The key stored with the post when it was queued; the same on every try, in any process. */
  key: string;
  /** Network ids of uploads made for this post by earlier tries (Mastodon media), recorded before the post. */
  uploads: string[];
  /** Records uploads before the post itself is made, so a later try can tell this post's own upload from a look-alike's. */
  recordUploads: (ids: string[]) => Promise<void>;
  /** Told after each network step, before the outbox records the outcome (logs, crash tests). */
  step: (name: string) => void;
  /** Aborted at shutdown: the call in hand is cut short and no other is made. */
  signal?: AbortSignal;
}

export interface Publisher {
  readonly network: Network;
  /** Sends one post. Must be safe to call again for a post that may already have been sent. */
  publish(post: OutboxPost, ctx: SendContext): Promise<Published>;
  /**
   * For a post tried before (a crash, a lost answer): the post if it is on the network, found by what
   * identifies this post alone (its key, its own uploads), never by a look-alike; null if not found.
   */
  reconcile(post: OutboxPost, ctx: SendContext): Promise<Published | null>;
}
