import type { Network } from '../domain.ts';

/** True when `host` is one of `domains` or below one (an empty list holds nothing). */
export function isUnder(host: string, domains: readonly string[]): boolean {
  const h = host.toLowerCase().replace(/\.$/, '');
  return domains.some((d) => h === d || h.endsWith(`.${d}`));
}

/**
 * The domain an account lives under: a Mastodon acct's host (user@host; none for an account of the
 * bot's own instance, which is written without one), a Bluesky handle itself (alice.spam.example).
 */
export function accountDomain(network: Network, handle: string): string | null {
  const h = handle.toLowerCase().replace(/^@/, '');
  if (network === 'bluesky') return h;
  const at = h.lastIndexOf('@');
  return at > 0 ? h.slice(at + 1) : null;
}

/** The account is on a blocked instance, or (Bluesky) its handle is under a blocked domain. */
export function isBlockedInstance(network: Network, handle: string, blocked: readonly string[]): boolean {
  const domain = accountDomain(network, handle);
  return domain !== null && isUnder(domain, blocked);
}

/** The account is named in EDITWATCH_BLOCKED_ACCOUNTS, by handle or by id (lower case, no "@"). */
export function isBlockedAccount(author: { handle: string; id: string }, blocked: readonly string[]): boolean {
  const who = [author.handle, author.id].map((s) => s.toLowerCase().replace(/^@/, ''));
  return blocked.some((b) => who.includes(b));
}
