import type { PostState } from './types.ts';

/**
 * How a post moves through the outbox, and the only ways it does. A post is queued `pending`; a try
 * claims it (`sending`, written before the network call); it ends `posted` or `failed`. Each move names
 * the states it may start from; Outbox.transition refuses any other.
 */
export const POST_MOVES = {
  /** A try begins: one more attempt. From `sending` too: a try a crash cut short is resumed (looked up first). */
  claim: { from: ['pending', 'sending'], to: 'sending' },
  /** The network has it. */
  post: { from: ['sending'], to: 'posted' },
  /** Given up on (an error of its own, or rejected too many times); its thread goes on without it. */
  fail: { from: ['sending'], to: 'failed' },
  /** This try did not go out (the network stopped, a shutdown): tried again next cycle, attempts kept. */
  release: { from: ['sending'], to: 'pending' },
  /** `editwatch outbox retry`: back in the queue with a fresh count of attempts and no error. */
  requeue: { from: ['failed', 'pending'], to: 'pending' },
  /** A row that cannot be read (a hand edit, a damaged file) is set aside, saying why, so it holds up no other post. */
  setAside: { from: ['pending', 'sending'], to: 'failed' },
} as const satisfies Record<string, { from: readonly PostState[]; to: PostState }>;

export type PostMove = keyof typeof POST_MOVES;

/** Whether `move` may start from `state`. */
export function canMove(state: PostState, move: PostMove): boolean {
  return (POST_MOVES[move].from as readonly PostState[]).includes(state);
}

/** A move the table does not allow: a bug, or a post another process moved meanwhile. */
export class PostMoveError extends Error {
  constructor(id: string, move: PostMove, state: PostState) {
    const { from, to } = POST_MOVES[move];
    super(`post ${id} is ${state}: "${move}" moves a post from ${from.join(' or ')} to ${to}, not from ${state}`);
    this.name = 'PostMoveError';
  }
}
