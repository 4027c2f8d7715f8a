import type { Network } from '../config.ts';
import type { PostImage } from '../store/index.ts';

/** A post as the publishers see it: what the outbox row holds, decoded. */
export interface OutboxPost {
  id: string;
  network: Network;
  text: string;
  articleUrl: string;
  images: PostImage[];
  /** The folder holding the image files. */
  mediaDir: string;
  /** The outbox id of the post this one replies to (the previous post about the same article), or null. */
  inReplyTo: string | null;
  /** The account the text starts by mentioning (`@handle …`): Bluesky needs it as a mention facet. */
  mention: { handle: string; id: string } | null;
  /** Other full URLs in the text (the archive page): Bluesky links them where the text shows them short. */
  extraLinks: string[];
  /** At most this visible (Mastodon: an answer to a private request), or null. */
  visibility: string | null;
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
  /** A key chosen before the first network call for this post and persisted; the same on every retry. */
  key: string;
  /** Told after each network step, before the outbox records the outcome (logs, crash tests). */
  step: (name: string) => void;
}

export interface Publisher {
  readonly network: Network;
  /** A new key for a post about to be sent for the first time (Bluesky: its record key). */
  newKey(post: OutboxPost): string;
  /** Sends one post. Must be safe to call again for a post that may already have been sent. */
  publish(post: OutboxPost, ctx: SendContext): Promise<Published>;
  /** For a post left in `sending` by a crash: the post if it reached the network, null if not. */
  reconcile(post: OutboxPost, ctx: SendContext): Promise<Published | null>;
}
