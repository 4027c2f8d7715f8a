import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
}

describe('loadConfig', () => {
  it('runs on its defaults: state in ./state, dry run to both networks', () => {
    const config = loadConfig({});
    expect(config.state.dir).toMatch(/\/state$/);
    expect(config.state.database).toMatch(/\/state\/editwatch\.sqlite$/);
    expect(config).toMatchObject({
      publish: { dryRun: true, networks: ['mastodon', 'bluesky'] },
      tracking: { allowedDomains: [] },
      fetch: { allowPrivate: false, maxBytes: 5 * 1024 * 1024, maxRedirects: 5, respectRobots: true },
    });
    expect(config.fetch.userAgent).toMatch(/^editwatch\/\S+ \(news edit tracker; \+https:\/\/\S+\)$/);
  });

  it('keeps the state in PostgreSQL given EDITWATCH_DATABASE_URL, never repeating a bad one (it may hold a password)', () => {
    const url = 'postgres://editwatch:s3cret@db.internal:5432/editwatch';
    expect(loadConfig({ EDITWATCH_DATABASE_URL: url }).state.database).toBe(url);
    expect(loadConfig({ EDITWATCH_DATABASE_URL: ' ' }).state.database).toMatch(/\/state\/editwatch\.sqlite$/);
    for (const bad of ['mysql://root:s3cret@db/x', 'postgres://root:s3cret@[oops/x', 's3cret'])
      expect(problems({ EDITWATCH_DATABASE_URL: bad })).toEqual([
        'EDITWATCH_DATABASE_URL: expected a postgres://user:password@host:port/database URL (or nothing, for SQLite in the state folder)',
      ]);
  });

  it('names every bad variable, one line each', () => {
    expect(
      problems({
        EDITWATCH_ALLOW_PRIVATE_HOSTS: 'maybe',
        EDITWATCH_MAX_PAGE_BYTES: '-3',
        EDITWATCH_ALLOWED_DOMAINS: 'bbc.co.uk, http://x',
        MASTODON_URL: 'not a url',
        LOG_LEVEL: 'loud',
      }),
    ).toEqual([
      'EDITWATCH_ALLOWED_DOMAINS: "http://x" is not a domain name (write e.g. bbc.co.uk,nytimes.com)',
      'EDITWATCH_ALLOW_PRIVATE_HOSTS: expected true or false, got "maybe"',
      'EDITWATCH_MAX_PAGE_BYTES: expected a whole number from 65536 to 104857600, got "-3"',
      expect.stringMatching(/^LOG_LEVEL: /),
      'MASTODON_URL: expected an http(s) URL, got "not a url"',
    ]);
  });

  it('wants credentials in pairs, and posts only to the networks that have them', () => {
    expect(problems({ BSKY_HANDLE: 'bot.example' })).toEqual(['BSKY_APP_PASSWORD: required when BSKY_HANDLE is set']);
    expect(loadConfig({}).publish).toMatchObject({
      dryRun: true,
      networks: ['mastodon', 'bluesky'],
      mastodon: null,
      bluesky: null,
    });
    const masto = loadConfig({ MASTODON_URL: 'https://m.example', MASTODON_TOKEN: 'secret' });
    expect(masto.publish).toMatchObject({
      dryRun: false,
      networks: ['mastodon'],
      mastodon: { url: 'https://m.example', token: 'secret', visibility: 'public' },
      bluesky: null,
    });
    const both = loadConfig({
      MASTODON_URL: 'https://m.example',
      MASTODON_TOKEN: 's',
      BSKY_HANDLE: 'bot.example',
      BSKY_APP_PASSWORD: 'p',
      EDITWATCH_POST_LANGUAGE: 'EN',
    });
    expect(both.publish).toMatchObject({
      dryRun: false,
      networks: ['mastodon', 'bluesky'],
      mastodon: { language: 'en' },
      bluesky: { service: 'https://bsky.social', handle: 'bot.example', language: 'en' },
    });
    const dry = loadConfig({ MASTODON_URL: 'https://m.example', MASTODON_TOKEN: 'secret', EDITWATCH_DRY_RUN: 'true' });
    expect(dry.publish).toMatchObject({ dryRun: true, networks: ['mastodon'] });
    // Each network's section is its publisher's settings as they are: timeout and retries, and Bluesky's session file.
    const tuned = loadConfig({
      MASTODON_URL: 'https://m.example',
      MASTODON_TOKEN: 's',
      BSKY_HANDLE: 'bot.example',
      BSKY_APP_PASSWORD: 'p',
      EDITWATCH_PUBLISH_ATTEMPTS: '3',
      EDITWATCH_PUBLISH_BACKOFF_MS: '50',
      EDITWATCH_PUBLISH_MAX_WAIT_SECONDS: '9',
      EDITWATCH_PUBLISH_TIMEOUT_MS: '4000',
      MASTODON_VISIBILITY: 'unlisted',
    });
    const calls = { timeoutMs: 4000, retry: { attempts: 3, baseMs: 50, maxWaitMs: 9000 } };
    expect(tuned.publish.mastodon).toEqual({
      url: 'https://m.example',
      token: 's',
      visibility: 'unlisted',
      language: null,
      ...calls,
    });
    expect(tuned.publish.bluesky).toEqual({
      service: 'https://bsky.social',
      handle: 'bot.example',
      appPassword: 'p',
      sessionFile: tuned.state.blueskySessionFile,
      language: null,
      ...calls,
    });
    expect(problems({ EDITWATCH_POST_LANGUAGE: 'english', MASTODON_VISIBILITY: 'direct' })).toEqual([
      expect.stringMatching(/^MASTODON_VISIBILITY: /),
      'EDITWATCH_POST_LANGUAGE: expected a two-letter ISO 639-1 language code such as "en", got "english"',
    ]);
  });

  it('reads allowed domains as a lowercase list', () => {
    expect(loadConfig({ EDITWATCH_ALLOWED_DOMAINS: ' BBC.co.uk , *.nytimes.com,' }).tracking.allowedDomains).toEqual([
      'bbc.co.uk',
      'nytimes.com',
    ]);
  });

  it('reads feeds from EDITWATCH_FEEDS and a feeds file, naming each bad entry', () => {
    const dir = mkdtempSync(join(tmpdir(), 'editwatch-config-'));
    const file = join(dir, 'feeds.txt');
    writeFileSync(
      file,
      '# outlets\nhttps://a.example/rss.xml\n\nhttps://b.example/atom.xml  # the Atom one\nftp://c.example/feed\n',
    );
    try {
      expect(problems({ EDITWATCH_FEEDS: 'https://x.example/feed, not a url', EDITWATCH_FEEDS_FILE: file })).toEqual([
        'EDITWATCH_FEEDS: expected an http(s) feed URL, got "not"',
        'EDITWATCH_FEEDS: expected an http(s) feed URL, got "a"',
        'EDITWATCH_FEEDS: expected an http(s) feed URL, got "url"',
        'EDITWATCH_FEEDS_FILE line 5: expected an http(s) feed URL, got "ftp://c.example/feed"',
      ]);
      writeFileSync(file, 'https://a.example/rss.xml\nhttps://b.example/atom.xml # the Atom one\n');
      expect(
        loadConfig({ EDITWATCH_FEEDS: 'https://x.example/feed https://a.example/rss.xml', EDITWATCH_FEEDS_FILE: file })
          .feeds.urls,
      ).toEqual(['https://x.example/feed', 'https://a.example/rss.xml', 'https://b.example/atom.xml']);
      expect(problems({ EDITWATCH_FEEDS_FILE: join(dir, 'missing.txt') })).toEqual([
        `EDITWATCH_FEEDS_FILE: cannot read "${join(dir, 'missing.txt')}" (ENOENT)`,
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads the schedule, request and archive settings', () => {
    const config = loadConfig({
      EDITWATCH_RETIRE_AFTER_DAYS: '60',
      EDITWATCH_MAX_CHECKS_PER_CYCLE: '10',
      EDITWATCH_CONCURRENCY: '2',
      EDITWATCH_REQUESTS_PER_DAY: '3',
      EDITWATCH_BLOCKED_ACCOUNTS: '@Spam@bad.example, did:plc:xyz',
      EDITWATCH_PUBLIC_URL: 'https://edits.example/',
    });
    expect(config).toMatchObject({
      schedule: { maxChecksPerCycle: 10, concurrency: 2 },
      archive: { host: '127.0.0.1', port: 8080, publicUrl: 'https://edits.example' },
      requests: { enabled: true, perDay: 3, blocked: ['spam@bad.example', 'did:plc:xyz'] },
    });
    expect(config.schedule.policy.retireAfterMs).toBe(60 * 24 * 3600_000);
    expect(config.requests).toMatchObject({
      globalPerDay: 200,
      maxArticles: 2000,
      domains: [],
      blockedInstances: [],
      blockedDomains: [],
    });
    expect(
      problems({ EDITWATCH_CONCURRENCY: '0', EDITWATCH_ARCHIVE_PORT: '70000', EDITWATCH_MENTIONS: 'maybe' }),
    ).toEqual([
      'EDITWATCH_ARCHIVE_PORT: expected a whole number from 0 to 65535, got "70000"',
      'EDITWATCH_MENTIONS: expected true or false, got "maybe"',
      'EDITWATCH_CONCURRENCY: expected a whole number from 1 to 64, got "0"',
    ]);
  });

  it('sizes a cycle from demand unless told a number, and extracts in one worker unless told more', () => {
    expect(loadConfig({}).schedule).toMatchObject({ maxChecksPerCycle: 'auto', concurrency: 8 });
    expect(loadConfig({ EDITWATCH_MAX_CHECKS_PER_CYCLE: 'auto' }).schedule.maxChecksPerCycle).toBe('auto');
    expect(loadConfig({}).extract.threads).toBe(1);
    expect(loadConfig({ EDITWATCH_EXTRACT_THREADS: '3' }).extract.threads).toBe(3);
    expect(problems({ EDITWATCH_MAX_CHECKS_PER_CYCLE: 'lots', EDITWATCH_EXTRACT_THREADS: '0' })).toEqual([
      'EDITWATCH_MAX_CHECKS_PER_CYCLE: expected auto or a whole number from 1 to 100000, got "lots"',
      'EDITWATCH_EXTRACT_THREADS: expected a whole number from 1 to 64, got "0"',
    ]);
  });

  it('reads the limits on requests, the domains they may name, and the instances and domains blocked', () => {
    const config = loadConfig({
      EDITWATCH_REQUESTS_GLOBAL_PER_DAY: '50',
      EDITWATCH_REQUESTED_ARTICLES_MAX: '300',
      EDITWATCH_REQUEST_DOMAINS: 'news.bbc.co.uk',
      EDITWATCH_ALLOWED_DOMAINS: 'bbc.co.uk,nytimes.com',
      EDITWATCH_BLOCKED_INSTANCES: '*.Spam.example, bsky.spam.example',
      EDITWATCH_BLOCKED_DOMAINS: 'junk.example',
    });
    expect(config.requests).toMatchObject({
      globalPerDay: 50,
      maxArticles: 300,
      domains: ['news.bbc.co.uk'],
      blockedInstances: ['spam.example', 'bsky.spam.example'],
      blockedDomains: ['junk.example'],
    });
    // Without a list of their own, requests may name what may be tracked.
    expect(loadConfig({ EDITWATCH_ALLOWED_DOMAINS: 'bbc.co.uk' }).requests.domains).toEqual(['bbc.co.uk']);
    expect(
      problems({
        EDITWATCH_REQUESTS_GLOBAL_PER_DAY: '0',
        EDITWATCH_REQUEST_DOMAINS: 'lemonde.fr',
        EDITWATCH_ALLOWED_DOMAINS: 'bbc.co.uk',
        EDITWATCH_BLOCKED_INSTANCES: 'https://spam.example',
        EDITWATCH_BLOCKED_DOMAINS: 'junk',
      }),
    ).toEqual([
      'EDITWATCH_REQUESTS_GLOBAL_PER_DAY: expected a whole number from 1 to 100000, got "0"',
      'EDITWATCH_BLOCKED_INSTANCES: "https://spam.example" is not a domain name (write e.g. bbc.co.uk,nytimes.com)',
      'EDITWATCH_BLOCKED_DOMAINS: "junk" is not a domain name (write e.g. bbc.co.uk,nytimes.com)',
    ]);
    expect(problems({ EDITWATCH_REQUEST_DOMAINS: 'lemonde.fr', EDITWATCH_ALLOWED_DOMAINS: 'bbc.co.uk' })).toEqual([
      'EDITWATCH_REQUEST_DOMAINS: "lemonde.fr" is outside EDITWATCH_ALLOWED_DOMAINS (bbc.co.uk)',
    ]);
    expect(problems({ EDITWATCH_BLOCKED_ACCOUNTS: '@*@spam.example, alice bob!' })).toEqual([
      'EDITWATCH_BLOCKED_ACCOUNTS: "*@spam.example" names no one account; put whole instances or handle domains in EDITWATCH_BLOCKED_INSTANCES (e.g. spam.example)',
      'EDITWATCH_BLOCKED_ACCOUNTS: "bob!" is not a handle or account id (write e.g. alice@example.social, alice.bsky.social, did:plc:…)',
    ]);
  });
});
