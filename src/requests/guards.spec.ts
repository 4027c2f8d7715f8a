import { describe, expect, it } from 'vitest';
import { accountDomain, isBlockedAccount, isBlockedInstance, isUnder } from './guards.ts';

describe('blocking accounts, instances and domains', () => {
  it('takes a domain with its subdomains, and nothing that only ends like it', () => {
    expect(isUnder('www.Junk.example.', ['junk.example'])).toBe(true);
    expect(isUnder('junk.example', ['junk.example'])).toBe(true);
    expect(isUnder('notjunk.example', ['junk.example'])).toBe(false);
    expect(isUnder('junk.example', [])).toBe(false);
  });

  it('finds the domain of an account: a Mastodon acct host, a Bluesky handle; none for the bot’s own instance', () => {
    expect(accountDomain('mastodon', 'Mallory@MX.spam.example')).toBe('mx.spam.example');
    expect(accountDomain('mastodon', 'alice')).toBeNull();
    expect(accountDomain('bluesky', 'mallory.spam.example')).toBe('mallory.spam.example');
    expect(isBlockedInstance('mastodon', 'mallory@mx.spam.example', ['spam.example'])).toBe(true);
    expect(isBlockedInstance('mastodon', 'spam.example', ['spam.example'])).toBe(false);
    expect(isBlockedInstance('bluesky', 'mallory.spam.example', ['spam.example'])).toBe(true);
    expect(isBlockedInstance('bluesky', 'alice.bsky.social', ['spam.example'])).toBe(false);
  });

  it('blocks an account by handle or id', () => {
    expect(isBlockedAccount({ handle: 'Spammer', id: '42' }, ['spammer'])).toBe(true);
    expect(isBlockedAccount({ handle: 'x.bsky.social', id: 'did:plc:xyz' }, ['did:plc:xyz'])).toBe(true);
    expect(isBlockedAccount({ handle: 'alice', id: '43' }, ['spammer', '42'])).toBe(false);
  });
});
