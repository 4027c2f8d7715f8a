import { existsSync, readFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { articlePage, DEMO_VERSIONS } from '../src/demo/article-page.ts';
import { Store } from '../src/store/index.ts';
import { killLeftovers, runCli, startCli, type CliProcess } from './helpers/cli-process.ts';
import { startServer, type TestServer } from './helpers/http-server.ts';
import { startMastodonServer, type MastodonServer } from './helpers/mastodon-server.ts';
import { tempDir } from './helpers/temp-dir.ts';

// Every process here is a real `editwatch` started from bin/, waited on by its output or its exit; the
// limits are only a last guard for a loaded two-core machine.
const LIMIT = 300_000;

let server: TestServer;
let version = 0;
/** While set, the page's requests wait in `held` until released. */
let holding = false;
const held: ServerResponse[] = [];
let onHeld = () => {};

beforeAll(async () => {
  server = await startServer();
  server.route('/story', (_req, res) => {
    if (!holding) return void answer(res);
    held.push(res);
    onHeld();
  });
});
afterAll(() => server.close());

function answer(res: ServerResponse) {
  res
    .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
    .end(articlePage(DEMO_VERSIONS[version]!, 1, `${server.origin}/story`));
}
function release() {
  holding = false;
  for (const res of held.splice(0)) answer(res);
}
/** Resolves when a request for the page is being held. */
const pageRequested = () => new Promise<void>((resolve) => (held.length ? resolve() : (onHeld = resolve)));

let state: ReturnType<typeof tempDir>;
let env: Record<string, string>;
const url = () => `${server.origin}/story`;
beforeEach(async () => {
  state = tempDir();
  // A held page must outlast any load: its fetch may not time out before the test releases it.
  env = { EDITWATCH_STATE_DIR: state.path, EDITWATCH_FETCH_TIMEOUT_MS: '300000' };
  version = 0;
  const store = await Store.open(join(state.path, 'editwatch.sqlite'));
  await store.articles.track(url(), new Date().toISOString(), 'test');
  await store.close();
});
afterEach(() => {
  killLeftovers();
  release();
  state.remove();
});

async function counts() {
  const store = await Store.open(join(state.path, 'editwatch.sqlite'));
  try {
    const article = (await store.articles.get(url()))!;
    return {
      versions: (await store.versions.all(article.id)).map((v) => v.seq),
      posts: (await store.outbox.list()).map((p) => p.state),
    };
  } finally {
    await store.close();
  }
}

/** Two `check --force` started at once while the page is held: one checks, the other waits for it. */
async function twoChecksAtOnce(extra: Record<string, string> = {}): Promise<{ first: CliProcess; second: CliProcess }> {
  holding = true;
  const withWait = { ...env, EDITWATCH_LOCK_WAIT_SECONDS: '900', ...extra };
  const both = [startCli(['check', '--force'], withWait), startCli(['check', '--force'], withWait)];
  await pageRequested();
  const waiting = await Promise.race(both.map((p) => p.until((o) => o.stderr.includes('waiting up to')).then(() => p)));
  const first = both.find((p) => p !== waiting)!;
  return { first, second: waiting };
}

describe('one writer per state directory', () => {
  it(
    'two checks started at once: the second waits for the first, nothing is stored or posted twice',
    async () => {
      const mastodon: MastodonServer = await startMastodonServer();
      try {
        const withMastodon = {
          MASTODON_URL: mastodon.url,
          MASTODON_TOKEN: mastodon.token,
          EDITWATCH_PUBLISH_BACKOFF_MS: '20',
        };
        // The first version.
        let { first, second } = await twoChecksAtOnce(withMastodon);
        expect(second.stderr()).toContain(`waiting up to 900 s while editwatch check (pid ${first.pid}, since `);
        // A third, told not to wait, refuses at once, naming the one at work and what to do.
        const impatient = await runCli(['check'], { ...env, ...withMastodon, EDITWATCH_LOCK_WAIT_SECONDS: '0' });
        expect(impatient.code).toBe(3);
        expect(impatient.stderr.trim()).toMatch(
          new RegExp(
            `^editwatch: check: editwatch check \\(pid ${first.pid}, since \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d UTC\\) is still working on ${state.path}.*; try again when it has finished \\(EDITWATCH_LOCK_WAIT_SECONDS sets how long to wait\\)$`,
          ),
        );
        expect(impatient.stderr.trim().split('\n')).toHaveLength(1);
        release();
        expect((await first.exited).code).toBe(0);
        const afterWait = await second.exited;
        expect(afterWait.code, afterWait.stderr).toBe(0);
        expect(afterWait.stdout).toContain(`unchanged: ${url()}`);
        expect(await counts()).toEqual({ versions: [1], posts: [] });

        // An edit, found by whichever check comes first, stored and posted once.
        version = 2;
        ({ first, second } = await twoChecksAtOnce(withMastodon));
        release();
        const [a, b] = await Promise.all([first.exited, second.exited]);
        expect([a.code, b.code]).toEqual([0, 0]);
        expect(a.stdout).toContain(`changed (version 2, 7 changes): ${url()}`);
        expect(b.stdout).toContain(`unchanged: ${url()}`);
        expect(await counts()).toEqual({ versions: [1, 2], posts: ['posted'] });
        expect(mastodon.statuses).toHaveLength(1);
        expect(mastodon.violations).toEqual([]);
      } finally {
        await mastodon.close();
      }
    },
    LIMIT,
  );

  it(
    'beside a running start: check and a second start refuse, serve and the readers work, track waits for the cycle in hand',
    async () => {
      // Its first cycle is held in the middle of fetching the page: a cycle in hand.
      holding = true;
      const start = startCli(['start'], env);
      try {
        await pageRequested();
        const check = await runCli(['check'], env);
        expect(check.code).toBe(3);
        expect(check.stderr.trim()).toMatch(
          new RegExp(
            `^editwatch: not checking: editwatch start \\(pid ${start.pid}, since [^)]+ UTC\\) already checks ${state.path} on its schedule; remove the job that runs "editwatch check" beside it, or stop start first$`,
          ),
        );
        const again = await runCli(['start'], env);
        expect(again.code).toBe(3);
        expect(again.stderr).toContain(`editwatch: not starting: editwatch start (pid ${start.pid}, since `);

        const serve = startCli(['serve', '--port', '0'], env);
        try {
          await serve.until((o) => /archive: http:\/\/\S+\//.test(o.stdout));
          const base = /archive: (http:\/\/\S+)\//.exec(serve.stdout())![1]!;
          const articles = await fetch(`${base}/api/articles`);
          expect(articles.status).toBe(200);
          expect(JSON.stringify(await articles.json())).toContain(url());
          expect((await fetch(`${base}/`)).status).toBe(200);
        } finally {
          serve.child.kill('SIGTERM');
          expect((await serve.exited).code).toBe(0);
        }
        for (const reader of [['status'], ['list'], ['history', url()], ['export', '--format', 'jsonl']]) {
          const r = await runCli(reader, env);
          expect(r.code, `${reader.join(' ')}: ${r.stderr}`).toBe(0);
        }
        const track = startCli(['track', `${server.origin}/other`], env);
        await track.until((o) =>
          o.stderr.includes(`waiting up to 120 s while editwatch start (pid ${start.pid}, since `),
        );
        release();
        const tracked = await track.exited;
        expect(tracked.code, tracked.stderr).toBe(0);
        expect(tracked.stdout).toBe(`tracking: ${server.origin}/other\n`);
      } finally {
        start.child.kill('SIGTERM');
        expect((await start.exited).code).toBe(143);
      }
      expect(await counts()).toEqual({ versions: [1], posts: [] });
    },
    LIMIT,
  );

  it(
    'a lock left by a process killed with SIGKILL is taken over at once',
    async () => {
      holding = true;
      const killed = startCli(['check'], env);
      await pageRequested();
      killed.child.kill('SIGKILL');
      expect((await killed.exited).signal).toBe('SIGKILL');
      // Its note is still there, naming a process that is gone; the OS lock went with the process.
      const note = join(state.path, 'locks', 'cycles.lock.json');
      expect(existsSync(note)).toBe(true);
      expect(JSON.parse(readFileSync(note, 'utf8'))).toMatchObject({ pid: killed.pid, command: 'check' });
      release();
      const after = await runCli(['check'], env);
      expect(after.code, after.stderr).toBe(0);
      expect(after.stderr).not.toContain('waiting');
      expect(after.stdout).toContain(`first version stored: ${url()}`);
      expect(await counts()).toEqual({ versions: [1], posts: [] });
      // A command that ends lets go and leaves no note behind.
      expect(existsSync(note)).toBe(false);
    },
    LIMIT,
  );
});
