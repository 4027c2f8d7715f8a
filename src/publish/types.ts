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
}

export interface Published {
  remoteId: string;
  remoteUrl: string | null;
}

export interface Publisher {
  readonly network: Network;
  /** Sends one post. Must be safe to call again for a post that may already have been sent. */
  publish(post: OutboxPost): Promise<Published>;
  /** For a post left in `sending` by a crash: the post if it was sent, null if not. */
  reconcile(post: OutboxPost): Promise<Published | null>;
}
