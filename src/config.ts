import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { config as loadDotenv } from 'dotenv';
import {
  _default,
  enum as oneOf,
  config as zodConfig,
  NEVER,
  object,
  optional,
  pipe,
  string,
  transform,
} from 'zod/mini';
import type { output } from 'zod/mini';
import en from 'zod/v4/locales/en.js';
import { NETWORKS } from './domain.ts';
import { VERSION } from './version.ts';
import type { ExtractorOptions } from './extract/extractor.ts';
import type { FetchOptions } from './fetch/index.ts';
import type { createLogger } from './log.ts';
import type { BlueskySettings } from './publish/bluesky.ts';
import type { MastodonSettings } from './publish/mastodon.ts';
import { DEFAULT_TIERS, type SchedulePolicy } from './schedule/policy.ts';

// zod/mini, its parts named: the whole of zod costs every command a tenth of a second to load.
zodConfig(en());

/** One environment variable: `read` turns its text (undefined when unset) into the setting, or tells a `problem`. */
const variable = <T>(read: (v: string | undefined, problem: (message: string) => void) => T) =>
  pipe(
    optional(string()),
    transform((v: string | undefined, ctx) =>
      read(v, (message) => void ctx.issues.push({ code: 'custom', message, input: v })),
    ),
  );

/** `text` as a whole number from `min` to `max`, or null. */
function wholeNumber(text: string, min: number, max: number): number | null {
  const n = Number(text);
  return Number.isInteger(n) && n >= min && n <= max ? n : null;
}

/** `auto` (the default): sized from demand, each cycle taking what the last ones got through before the next tick. */
const checksPerCycle = variable((v, problem) => {
  const text = v?.trim() ?? '';
  if (text === '' || text === 'auto') return 'auto' as const;
  const n = wholeNumber(text, 1, 100_000);
  if (n === null) {
    problem(`expected auto or a whole number from 1 to 100000, got "${v}"`);
    return NEVER;
  }
  return n;
});

const bool = (fallback: boolean) =>
  variable((v, problem) => {
    if (v === undefined || v.trim() === '') return fallback;
    const s = v.trim().toLowerCase();
    if (['1', 'true', 'yes', 'on'].includes(s)) return true;
    if (['0', 'false', 'no', 'off'].includes(s)) return false;
    problem(`expected true or false, got "${v}"`);
    return NEVER;
  });

const int = (fallback: number, min: number, max: number) =>
  variable((v, problem) => {
    if (v === undefined || v.trim() === '') return fallback;
    const n = wholeNumber(v, min, max);
    if (n === null) {
      problem(`expected a whole number from ${min} to ${max}, got "${v}"`);
      return NEVER;
    }
    return n;
  });

const optionalUrl = variable((v, problem) => {
  if (v === undefined || v.trim() === '') return null;
  try {
    const u = new URL(v.trim());
    if (u.protocol !== 'https:' && u.protocol !== 'http:') throw new Error('scheme');
    return u.href.replace(/\/$/, '');
  } catch {
    problem(`expected an http(s) URL, got "${v}"`);
    return NEVER;
  }
});

/** A PostgreSQL connection URL (postgres:// or postgresql://), or null for the SQLite file in the state folder. */
const databaseUrl = variable((v, problem) => {
  if (v === undefined || v.trim() === '') return null;
  try {
    const u = new URL(v.trim());
    if (u.protocol !== 'postgres:' && u.protocol !== 'postgresql:') throw new Error('scheme');
    return u.href;
  } catch {
    // The value may hold a password: it is not repeated.
    problem('expected a postgres://user:password@host:port/database URL (or nothing, for SQLite in the state folder)');
    return NEVER;
  }
});

const optionalText = variable((v) => (v === undefined || v.trim() === '' ? null : v.trim()));

const DOMAIN = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,62}$/;

const domains = variable((v, problem) => {
  const list = (v ?? '')
    .split(',')
    .map((d) => d.trim().toLowerCase().replace(/^\*\./, '').replace(/\.$/, ''))
    .filter(Boolean);
  for (const d of list) if (!DOMAIN.test(d)) problem(`"${d}" is not a domain name (write e.g. bbc.co.uk,nytimes.com)`);
  return list;
});

const schema = object({
  EDITWATCH_STATE_DIR: variable((v) => resolve(v?.trim() || './state')),
  EDITWATCH_DATABASE_URL: databaseUrl,
  EDITWATCH_ALLOWED_DOMAINS: domains,
  EDITWATCH_ALLOW_PRIVATE_HOSTS: bool(false),
  EDITWATCH_CONTACT_URL: optionalUrl,
  EDITWATCH_USER_AGENT: optionalText,
  EDITWATCH_RESPECT_ROBOTS: bool(true),
  EDITWATCH_CONNECT_TIMEOUT_MS: int(10_000, 100, 120_000),
  EDITWATCH_FETCH_TIMEOUT_MS: int(30_000, 100, 300_000),
  EDITWATCH_MAX_PAGE_BYTES: int(5 * 1024 * 1024, 64 * 1024, 100 * 1024 * 1024),
  EDITWATCH_EXTRACT_TIMEOUT_MS: int(2_000, 100, 120_000),
  EDITWATCH_MAX_REDIRECTS: int(5, 0, 20),
  EDITWATCH_HOST_DELAY_MS: int(1_000, 0, 600_000),
  EDITWATCH_FEEDS: optionalText,
  EDITWATCH_FEEDS_FILE: optionalText,
  EDITWATCH_FEED_INTERVAL_MINUTES: int(10, 1, 24 * 60),
  EDITWATCH_ARCHIVE_HOST: variable((v) => v?.trim() || '127.0.0.1'),
  EDITWATCH_ARCHIVE_PORT: int(8080, 0, 65535),
  EDITWATCH_PUBLIC_URL: optionalUrl,
  EDITWATCH_MENTIONS: bool(true),
  EDITWATCH_REQUESTS_PER_DAY: int(5, 1, 1000),
  EDITWATCH_BLOCKED_ACCOUNTS: optionalText,
  EDITWATCH_REQUESTS_GLOBAL_PER_DAY: int(200, 1, 100_000),
  EDITWATCH_REQUESTED_ARTICLES_MAX: int(2_000, 1, 1_000_000),
  EDITWATCH_REQUEST_DOMAINS: domains,
  EDITWATCH_BLOCKED_INSTANCES: domains,
  EDITWATCH_BLOCKED_DOMAINS: domains,
  EDITWATCH_RETIRE_AFTER_DAYS: int(40, 1, 3650),
  EDITWATCH_RETIRE_AFTER_GONE: int(3, 1, 100),
  EDITWATCH_MAX_CHECKS_PER_CYCLE: checksPerCycle,
  EDITWATCH_CONCURRENCY: int(8, 1, 64),
  // One worker extracts a corpus page in 3 ms (median; p95 10 ms), far more than the 7 checks a second of
  // 100,000 articles; each worker more costs 40-60 MB.
  EDITWATCH_EXTRACT_THREADS: int(1, 1, 64),
  EDITWATCH_CRON: variable((v, problem) => {
    const expr = v?.trim() || '* * * * *';
    const fields = expr.split(/\s+/).length;
    if (fields < 5 || fields > 6) problem(`expected a cron expression of 5 or 6 fields, got "${v}"`);
    return expr;
  }),
  EDITWATCH_DRY_RUN: bool(false),
  EDITWATCH_CARD_THEME: _default(optional(oneOf(['light', 'dark'])), 'light'),
  EDITWATCH_BOT_NAME: variable((v) => v?.trim() || 'editwatch'),
  LOG_LEVEL: _default(optional(oneOf(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])), 'info'),
  LOG_FORMAT: optional(oneOf(['pretty', 'json'])),
  MASTODON_URL: optionalUrl,
  MASTODON_TOKEN: optionalText,
  BSKY_SERVICE: optionalUrl,
  BSKY_HANDLE: optionalText,
  BSKY_APP_PASSWORD: optionalText,
  EDITWATCH_PUBLISH_ATTEMPTS: int(5, 1, 20),
  EDITWATCH_PUBLISH_BACKOFF_MS: int(1_000, 1, 600_000),
  EDITWATCH_PUBLISH_MAX_WAIT_SECONDS: int(300, 0, 24 * 3600),
  EDITWATCH_PUBLISH_TIMEOUT_MS: int(30_000, 100, 600_000),
  EDITWATCH_LOCK_WAIT_SECONDS: int(120, 0, 86_400),
  EDITWATCH_LEASE_SECONDS: int(120, 2, 3_600),
  MASTODON_VISIBILITY: _default(optional(oneOf(['public', 'unlisted', 'private'])), 'public'),
  EDITWATCH_POST_LANGUAGE: variable((v, problem) => {
    const code = v?.trim().toLowerCase() || null;
    if (code !== null && !/^[a-z]{2}$/.test(code))
      problem(`expected a two-letter ISO 639-1 language code such as "en", got "${v}"`);
    return code;
  }),
});

/**
 * The settings, one section per stage, each in the shape of the options that stage takes, so app.ts
 * hands a section to its stage as it is. Written once: the type is what buildConfig returns.
 */
export type Config = ReturnType<typeof buildConfig>;

export class ConfigError extends Error {
  override name = 'ConfigError';
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  ${p}`).join('\n')}`);
  }
}

/** Reads and validates the configuration; throws ConfigError naming every bad variable, one line each. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.') || '(environment)'}: ${i.message}`));
  }
  return buildConfig(parsed.data);
}

/** The variables the schema has read, checked against each other and grouped by stage; throws ConfigError. */
function buildConfig(e: output<typeof schema>) {
  const problems: string[] = [];
  const pair = (a: string, av: unknown, b: string, bv: unknown) => {
    if (av && !bv) problems.push(`${b}: required when ${a} is set`);
    if (bv && !av) problems.push(`${a}: required when ${b} is set`);
  };
  pair('MASTODON_URL', e.MASTODON_URL, 'MASTODON_TOKEN', e.MASTODON_TOKEN);
  pair('BSKY_HANDLE', e.BSKY_HANDLE, 'BSKY_APP_PASSWORD', e.BSKY_APP_PASSWORD);
  const feeds = feedList(e.EDITWATCH_FEEDS, e.EDITWATCH_FEEDS_FILE, problems);
  const blocked = blockedAccounts(e.EDITWATCH_BLOCKED_ACCOUNTS, problems);
  requestDomainsWithin(e.EDITWATCH_REQUEST_DOMAINS, e.EDITWATCH_ALLOWED_DOMAINS, problems);
  if (problems.length) throw new ConfigError(problems);

  const state = {
    /** The folder everything below is kept in (EDITWATCH_STATE_DIR). */
    dir: e.EDITWATCH_STATE_DIR,
    /**
     * The database (articles, versions, checks, the outbox, requests): the SQLite file in this folder, or
     * the PostgreSQL server of EDITWATCH_DATABASE_URL (a secret: shown only through `databaseName`).
     */
    database: e.EDITWATCH_DATABASE_URL ?? resolve(e.EDITWATCH_STATE_DIR, 'editwatch.sqlite'),
    /** Where a dry run writes the posts it would make. */
    outboxDir: resolve(e.EDITWATCH_STATE_DIR, 'outbox'),
    /** Where rendered cards are kept until their posts are sent (and the archive shows them). */
    mediaDir: resolve(e.EDITWATCH_STATE_DIR, 'media'),
    /** How long a command waits for another one writing the same state to finish. */
    lockWaitMs: e.EDITWATCH_LOCK_WAIT_SECONDS * 1000,
    /**
     * How long a worker's claim on an article or a job (feeds, mentions, a network's outbox) lasts unless
     * renewed: how long the work of a worker that was killed waits before another takes it.
     */
    leaseMs: e.EDITWATCH_LEASE_SECONDS * 1000,
    /** Where the refreshable Bluesky session is kept (never the app password). */
    blueskySessionFile: resolve(e.EDITWATCH_STATE_DIR, 'bluesky-session.json'),
  };
  // Both networks' calls: timeout, and retries (tries in all, first back-off, longest wait a server may ask for).
  const calls = {
    timeoutMs: e.EDITWATCH_PUBLISH_TIMEOUT_MS,
    retry: {
      attempts: e.EDITWATCH_PUBLISH_ATTEMPTS,
      baseMs: e.EDITWATCH_PUBLISH_BACKOFF_MS,
      maxWaitMs: e.EDITWATCH_PUBLISH_MAX_WAIT_SECONDS * 1000,
    },
  };
  /** The posts' language (ISO 639-1), or null to leave it to the networks. */
  const language = e.EDITWATCH_POST_LANGUAGE;
  const mastodon =
    e.MASTODON_URL && e.MASTODON_TOKEN
      ? ({
          url: e.MASTODON_URL,
          token: e.MASTODON_TOKEN,
          visibility: e.MASTODON_VISIBILITY,
          language,
          ...calls,
        } satisfies MastodonSettings)
      : null;
  const bluesky =
    e.BSKY_HANDLE && e.BSKY_APP_PASSWORD
      ? ({
          service: e.BSKY_SERVICE ?? 'https://bsky.social',
          handle: e.BSKY_HANDLE,
          appPassword: e.BSKY_APP_PASSWORD,
          sessionFile: state.blueskySessionFile,
          language,
          ...calls,
        } satisfies BlueskySettings)
      : null;
  const withCredentials = NETWORKS.filter((n) => (n === 'mastodon' ? mastodon : bluesky));
  const contact = e.EDITWATCH_CONTACT_URL ?? 'https://github.com/editwatch/editwatch';
  return {
    /** The bot's state on disk (see above), and the locks' patience. */
    state,
    /** The fetch stage's options, as createFetcher takes them: politeness, limits, which hosts may be reached. */
    fetch: {
      userAgent: e.EDITWATCH_USER_AGENT ?? `editwatch/${VERSION} (news edit tracker; +${contact})`,
      robotsAgent: 'editwatch',
      connectTimeoutMs: e.EDITWATCH_CONNECT_TIMEOUT_MS,
      totalTimeoutMs: e.EDITWATCH_FETCH_TIMEOUT_MS,
      maxBytes: e.EDITWATCH_MAX_PAGE_BYTES,
      maxRedirects: e.EDITWATCH_MAX_REDIRECTS,
      hostDelayMs: e.EDITWATCH_HOST_DELAY_MS,
      respectRobots: e.EDITWATCH_RESPECT_ROBOTS,
      /** Private and loopback addresses may be fetched (and tracked): for local testing only. */
      allowPrivate: e.EDITWATCH_ALLOW_PRIVATE_HOSTS,
    } satisfies FetchOptions,
    /** The extraction worker's options: the wall time one page may take before it is refused. */
    extract: {
      timeoutMs: e.EDITWATCH_EXTRACT_TIMEOUT_MS,
      threads: e.EDITWATCH_EXTRACT_THREADS,
    } satisfies ExtractorOptions,
    /** What may be tracked, from any source: articles of these domains (and their subdomains); empty: any public host. */
    tracking: { allowedDomains: e.EDITWATCH_ALLOWED_DOMAINS },
    /** When articles are checked and retired, and how many checks a cycle makes. */
    schedule: {
      /** How often articles are checked, and when they are retired. */
      policy: {
        tiers: DEFAULT_TIERS,
        retireAfterMs: e.EDITWATCH_RETIRE_AFTER_DAYS * 24 * 3600_000,
        retireAfterGone: e.EDITWATCH_RETIRE_AFTER_GONE,
      } satisfies SchedulePolicy,
      /** When `editwatch start` runs a cycle. */
      cron: e.EDITWATCH_CRON,
      maxChecksPerCycle: e.EDITWATCH_MAX_CHECKS_PER_CYCLE,
      concurrency: e.EDITWATCH_CONCURRENCY,
    },
    /** Outlets' feeds (RSS, Atom, JSON Feed) whose new items are tracked, and how often each is read. */
    feeds: { urls: feeds, intervalMinutes: e.EDITWATCH_FEED_INTERVAL_MINUTES },
    /** Tracking requests by mention: read them (on networks with credentials), at most `perDay` an account, never from `blocked`. */
    requests: {
      enabled: e.EDITWATCH_MENTIONS,
      perDay: e.EDITWATCH_REQUESTS_PER_DAY,
      blocked,
      /** Accepted requests in 24 hours from everyone, and articles tracked because of requests at once. */
      globalPerDay: e.EDITWATCH_REQUESTS_GLOBAL_PER_DAY,
      maxArticles: e.EDITWATCH_REQUESTED_ARTICLES_MAX,
      /** Domains requests may name (EDITWATCH_REQUEST_DOMAINS, else EDITWATCH_ALLOWED_DOMAINS); empty: any public host. */
      domains: e.EDITWATCH_REQUEST_DOMAINS.length ? e.EDITWATCH_REQUEST_DOMAINS : e.EDITWATCH_ALLOWED_DOMAINS,
      /** Instances (Mastodon) and handle domains (Bluesky) whose accounts are not heard; link domains refused. */
      blockedInstances: e.EDITWATCH_BLOCKED_INSTANCES,
      blockedDomains: e.EDITWATCH_BLOCKED_DOMAINS,
    },
    /** How cards are drawn. */
    cards: {
      theme: e.EDITWATCH_CARD_THEME,
      /** The name cards are signed with (the bot's handle, say). */
      botName: e.EDITWATCH_BOT_NAME,
    },
    /** The archive: where `editwatch serve` listens (loopback by default), and its public address. */
    archive: {
      host: e.EDITWATCH_ARCHIVE_HOST,
      port: e.EDITWATCH_ARCHIVE_PORT,
      /** The archive's public address: posts link to the article's page there, and feeds use it. */
      publicUrl: e.EDITWATCH_PUBLIC_URL,
    },
    /** The logger's options, as createLogger takes them. */
    log: {
      level: e.LOG_LEVEL,
      format: e.LOG_FORMAT ?? (process.stderr.isTTY ? 'pretty' : 'json'),
    } satisfies Parameters<typeof createLogger>[0],
    /** Where posts go: the networks, and each network's publisher settings as its publisher takes them. */
    publish: {
      /** Networks that get a post for each change: those with credentials, else both (to the dry-run folder). */
      networks: withCredentials.length > 0 ? withCredentials : [...NETWORKS],
      /** True when posts go to the dry-run folder instead of the networks. */
      dryRun: e.EDITWATCH_DRY_RUN || withCredentials.length === 0,
      /** Credentials and settings: read here, passed to the publishers, never logged. Null without credentials. */
      mastodon,
      bluesky,
    },
  };
}

/** The feeds of EDITWATCH_FEEDS (comma or space separated) and of EDITWATCH_FEEDS_FILE (one a line, # comments). */
function feedList(inline: string | null, file: string | null, problems: string[]): string[] {
  const entries: [string, string][] = (inline ?? '')
    .split(/[\s,]+/)
    .filter(Boolean)
    .map((u) => ['EDITWATCH_FEEDS', u]);
  if (file) {
    try {
      const lines = readFileSync(resolve(file), 'utf8').split('\n');
      for (const [i, line] of lines.entries()) {
        const u = line.replace(/#.*/, '').trim();
        if (u) entries.push([`EDITWATCH_FEEDS_FILE line ${i + 1}`, u]);
      }
    } catch (err) {
      problems.push(
        `EDITWATCH_FEEDS_FILE: cannot read "${file}" (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`,
      );
    }
  }
  const feeds = new Set<string>();
  for (const [where, u] of entries) {
    try {
      const url = new URL(u);
      if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('scheme');
      feeds.add(url.href);
    } catch {
      problems.push(`${where}: expected an http(s) feed URL, got "${u}"`);
    }
  }
  return [...feeds];
}

/** EDITWATCH_BLOCKED_ACCOUNTS: handles or ids, lower case, without "@" before them. */
function blockedAccounts(v: string | null, problems: string[]): string[] {
  const list = (v ?? '')
    .split(/[\s,]+/)
    .map((b) => b.trim().toLowerCase().replace(/^@/, ''))
    .filter(Boolean);
  for (const b of list) {
    // A wildcard would silently match nobody: whole instances have their own setting.
    if (b.includes('*'))
      problems.push(
        `EDITWATCH_BLOCKED_ACCOUNTS: "${b}" names no one account; put whole instances or handle domains in EDITWATCH_BLOCKED_INSTANCES (e.g. spam.example)`,
      );
    else if (!/^[\p{L}\p{N}_.:-]+(?:@[a-z0-9.-]+)?$/u.test(b))
      problems.push(
        `EDITWATCH_BLOCKED_ACCOUNTS: "${b}" is not a handle or account id (write e.g. alice@example.social, alice.bsky.social, did:plc:…)`,
      );
  }
  return list;
}

/** Requests cannot reach further than tracking does. */
function requestDomainsWithin(requested: string[], allowed: string[], problems: string[]): void {
  if (!allowed.length) return;
  for (const d of requested)
    if (!allowed.some((a) => d === a || d.endsWith(`.${a}`)))
      problems.push(`EDITWATCH_REQUEST_DOMAINS: "${d}" is outside EDITWATCH_ALLOWED_DOMAINS (${allowed.join(', ')})`);
}

/** Loads ./.env (or the given file) into process.env; variables already set win. */
export function loadDotenvFile(file = resolve('.env')): void {
  if (existsSync(file)) loadDotenv({ path: file, quiet: true });
}
