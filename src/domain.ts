/**
 * The words every stage shares, at the bottom of the import graph: any module may import this one, and
 * it imports nothing.
 */

/** The networks editwatch posts to and reads mentions from. */
export type Network = 'mastodon' | 'bluesky';
export const NETWORKS: readonly Network[] = ['mastodon', 'bluesky'];

export function isNetwork(value: string): value is Network {
  return (NETWORKS as readonly string[]).includes(value);
}
