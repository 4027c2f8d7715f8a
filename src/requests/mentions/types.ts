import type { Network } from '../../domain.ts';

/** A post that mentions the bot (or replies to it), as the request handling needs it. */
export interface Mention {
  network: Network;
  /** Mastodon status id, or Bluesky at:// URI. */
  id: string;
  /** Bluesky: the record's CID (replies need it). */
  cid: string | null;
  /** The root of the thread the mention is in (itself when it starts one). */
  root: { id: string; cid: string | null };
  author: {
    /** Mastodon account id, or DID. */
    id: string;
    /** What a reply addresses them by: Mastodon acct (user or user@host), Bluesky handle. */
    handle: string;
    /** The account says it is automated (Mastodon's bot flag, a Bluesky "bot" self-label). */
    isBot: boolean;
    /** The bot itself. */
    isSelf: boolean;
  };
  text: string;
  /** Full URLs the post links to (not mentions or hashtags), in order. */
  links: string[];
  /** Mastodon: the mention's visibility (public, unlisted, private, direct); answers are no more visible. */
  visibility: string | null;
  /** The post it replies to, if any: its links count when the mention has none. */
  parentId: string | null;
  createdAt: string;
}

/** Reads one network's mentions from a persisted cursor. */
export interface MentionReader {
  readonly network: Network;
  /** Mentions newer than `cursor`, oldest first, and the cursor to keep once they are handled. `signal`: a shutdown. */
  read(cursor: string | null, signal?: AbortSignal): Promise<{ mentions: Mention[]; cursor: string | null }>;
  /** The links of another post (the one a mention replies to). */
  linksOf(postId: string, signal?: AbortSignal): Promise<string[]>;
}
