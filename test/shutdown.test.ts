import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { articlePage, DEMO_VERSIONS } from '../src/demo/article-page.ts';
import { killLeftovers, runCli, startCli, type CliProcess } from './helpers/cli-process.ts';
import { startEditedArticle } from './helpers/edited-article.ts';
import { startServer, type TestServer } from './helpers/http-server.ts';
import { startMastodonServer, type MastodonServer } from './helpers/mastodon-server.ts';
import { tempDir } from './helpers/temp-dir.ts';

// Every process here is a real `editwatch` from bin/, waited on by its output, a server event or its
// exit; the limit is only a last guard for a loaded two-core machine.
vi.setConfig({ testTimeout: 120_000 });

const EXIT_CODES = { SIGINT: 130, SIGTERM: 143 } as const;
/** What the process says when the work did not stop in time and it exits regardless. */
const GUARD = 'still busy 4 s after the signal; exiting now';

let state: ReturnType<typeof tempDir>;
beforeEach(() => {
  state = tempDir();
});
afterEach(() => {
  killLeftovers();
  state.remove();
});

/** Sends `signal` and resolves with the time from the signal to the process's exit, and its code. */
async function stopWith(proc: CliProcess, signal: NodeJS.Signals) {
  const exitAt = new Promise<number>((resolve) => proc.child.once('exit', () => resolve(Date.now())));
  const sentAt = Date.now();
  proc.child.kill(signal);
  const took = (await exitAt) - sentAt;
  const { code, stdout, stderr } = await proc.exited;
  const logs = stderr
    .trim()
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as { msg: string });
  return { took, code, stdout, messages: logs.map((l) => l.msg) };
}

function readState(dir: string) {
  const db = new SQLite(join(dir, 'editwatch.sqlite'), { readonly: true });
  try {
    return {
      integrity: db.pragma('integrity_check', { simple: true }) as string,
      articles: db.prepare('select url, next_check_at, last_error from articles').all() as {
        url: string;
        next_check_at: string;
        last_error: string | null;
      }[],
      checks: (db.prepare('select count(*) as n from checks').get() as { n: number }).n,
      versions: (db.prepare('select count(*) as n from versions').get() as { n: number }).n,
      posts: db.prepare('select state, attempts, last_error from posts').all() as {
        state: string;
        attempts: number;
        last_error: string | null;
      }[],
    };
  } finally {
    db.close();
  }
}

describe('SIGTERM and SIGINT while a news server hangs', () => {
  let server: TestServer;
  let hanging = true;
  let arrived: (() => void) | null = null;
  beforeAll(async () => {
    server = await startServer();
    server.route('/hangs', (_req, res) => {
      if (hanging) return void arrived?.(); // accepted, never answered
      res
        .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
        .end(articlePage(DEMO_VERSIONS[0]!, 1, `${server.origin}/hangs`));
    });
  });
  afterAll(() => server.close());

  it.each([
    ['check', 'SIGTERM'],
    ['check', 'SIGINT'],
    ['start', 'SIGTERM'],
    ['start', 'SIGINT'],
  ] as const)(
    'editwatch %s on %s: the fetch is aborted, the process exits within 5 s, the article stays due',
    async (command, signal) => {
      hanging = true;
      const url = `${server.origin}/hangs`;
      // A fetch timeout far past the test: only the signal can end the request.
      const env = {
        EDITWATCH_STATE_DIR: state.path,
        EDITWATCH_FETCH_TIMEOUT_MS: '300000',
        LOG_LEVEL: 'info',
        LOG_FORMAT: 'json',
      };
      expect((await runCli(['track', url], env)).code).toBe(0);
      const inHand = new Promise<void>((resolve) => (arrived = resolve));
      const proc = startCli([command], env);
      await inHand;

      const stopped = await stopWith(proc, signal);
      expect(stopped.took).toBeLessThan(5_000);
      expect(stopped.code).toBe(EXIT_CODES[signal]);
      expect(stopped.messages).toEqual(
        expect.arrayContaining([
          'stopping: the work in hand is cut short and nothing new is started (a second signal stops at once)',
          'check stopped by the shutdown; the article stays due',
          'check cycle finished',
        ]),
      );
      // Stopped by the abort itself, not by the last guard.
      expect(stopped.messages).not.toContain(GUARD);
      if (command === 'check') expect(stopped.stdout).toContain(`stopped before it finished, still due: ${url}`);

      // Nothing recorded: no error check counted towards retirement, the article due as before.
      const after = readState(state.path);
      expect(after.integrity).toBe('ok');
      expect(after.checks).toBe(0);
      expect(after.articles).toEqual([{ url, next_check_at: expect.any(String) as string, last_error: null }]);
      expect(after.articles[0]!.next_check_at <= new Date().toISOString()).toBe(true);

      // The next run checks it.
      hanging = false;
      const again = await runCli(['check'], env);
      expect(again.code).toBe(0);
      expect(again.stdout).toContain(`first version stored: ${url}`);
    },
  );
});

describe('SIGTERM and SIGINT while a Mastodon call hangs', () => {
  let mastodon: MastodonServer;
  let article: Awaited<ReturnType<typeof startEditedArticle>>;
  beforeAll(async () => {
    mastodon = await startMastodonServer();
    article = await startEditedArticle();
  });
  afterAll(async () => {
    await mastodon.close();
    await article.close();
  });

  it('check and start exit within 5 s; the post, made by the server that hung, is recorded once on the next run', async () => {
    const env = {
      EDITWATCH_STATE_DIR: state.path,
      MASTODON_URL: mastodon.url,
      MASTODON_TOKEN: mastodon.token,
      EDITWATCH_PUBLISH_TIMEOUT_MS: '300000',
      LOG_LEVEL: 'info',
      LOG_FORMAT: 'json',
    };
    await runCli(['track', article.url], env);
    expect((await runCli(['check'], env)).stdout).toContain('first version stored');
    article.edit();

    // The status is made, and its answer never comes.
    mastodon.fail({ kind: 'hang-after', times: 1, path: /^\/api\/v1\/statuses$/ });
    let hung = mastodon.nextHang();
    const check = startCli(['check', '--force'], env);
    await hung;
    const first = await stopWith(check, 'SIGTERM');
    expect(first.took).toBeLessThan(5_000);
    expect(first.code).toBe(143);
    expect(first.messages).toContain('stopping: the post in hand was interrupted; it stays queued');
    expect(first.messages).not.toContain(GUARD);
    expect(first.stdout).toContain('posts: 0 sent, 0 failed, 1 waiting');
    expect(readState(state.path)).toMatchObject({
      integrity: 'ok',
      versions: 2,
      posts: [{ state: 'pending', attempts: 1, last_error: 'interrupted by a shutdown' }],
    });
    expect(mastodon.statuses).toHaveLength(1);

    // start looks the post up first (it may be on the network), and that call hangs too.
    mastodon.fail({ kind: 'hang-after', times: 1, path: /^\/api\/v1\/accounts\/\d+\/statuses$/ });
    hung = mastodon.nextHang();
    const start = startCli(['start'], env);
    await hung;
    const second = await stopWith(start, 'SIGINT');
    expect(second.took).toBeLessThan(5_000);
    expect(second.code).toBe(130);
    expect(second.messages).toEqual(
      expect.arrayContaining(['stopping: the post in hand was interrupted; it stays queued', 'stopped']),
    );
    expect(second.messages).not.toContain(GUARD);
    expect(readState(state.path).posts).toMatchObject([{ state: 'pending', attempts: 2 }]);

    // The next run finds the status by its own upload and records it: one status, not two.
    const again = await runCli(['check'], env);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain('posts: 1 sent');
    expect(mastodon.statuses).toHaveLength(1);
    expect(readState(state.path).posts).toMatchObject([{ state: 'posted' }]);
    expect(mastodon.violations).toEqual([]);
  });
});

describe('the last guard: work that cannot be aborted', () => {
  let pds: TestServer;
  let arrived: (() => void) | null = null;
  beforeAll(async () => {
    pds = await startServer();
    // Bluesky's client takes no abort signal when it logs in: a server that never answers holds it.
    pds.route('/xrpc/com.atproto.server.createSession', () => void arrived?.());
  });
  afterAll(() => pds.close());

  it('a Bluesky login that hangs: the process exits 4 s after SIGTERM, saying so, with the state intact', async () => {
    const env = {
      EDITWATCH_STATE_DIR: state.path,
      BSKY_SERVICE: pds.origin,
      BSKY_HANDLE: 'bot.test',
      BSKY_APP_PASSWORD: 'aaaa-bbbb-cccc-dddd',
      EDITWATCH_PUBLISH_TIMEOUT_MS: '300000',
      LOG_LEVEL: 'info',
      LOG_FORMAT: 'json',
    };
    expect((await runCli(['track', 'https://example.com/news/story'], env)).code).toBe(0);
    const inHand = new Promise<void>((resolve) => (arrived = resolve));
    // Reading mentions logs in first, before any article is checked.
    const check = startCli(['check'], env);
    await inHand;
    const stopped = await stopWith(check, 'SIGTERM');
    expect(stopped.messages).toContain(GUARD);
    expect(stopped.took).toBeGreaterThanOrEqual(4_000);
    expect(stopped.took).toBeLessThan(5_000);
    expect(stopped.code).toBe(143);
    expect(readState(state.path)).toMatchObject({ integrity: 'ok', checks: 0, versions: 0 });
  });
});
