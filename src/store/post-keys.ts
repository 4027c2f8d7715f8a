import { randomUUID } from 'node:crypto';
// The TID module alone: the package's index loads its IPLD and lexicon code too, a quarter second at start.
import { TID } from '@atproto/common-web/dist/tid.js';

/**
 * The key a post keeps for every try, chosen when the post is queued (in the same transaction), so that
 * any process that sends or resumes it uses the same one. Bluesky: the record key, a TID. Mastodon: the
 * Idempotency-Key, random rather than derived from the post's id, which another state directory posting
 * to the same account could also produce (the server would then hand us its status as ours).
 */
export function newPostKey(network: string): string {
  return network === 'bluesky' ? TID.nextStr() : `editwatch-${randomUUID()}`;
}
