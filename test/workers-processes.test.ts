import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { articlePage, DEMO_VERSIONS, type DemoArticle } from '../src/demo/article-page.ts';
import { Store } from '../src/store/index.ts';
import { killLeftovers, runCli, startCli, type CliProcess } from './helpers/cli-process.ts';
import { DATABASES } from './helpers/databases.ts';
import { startServer, type TestServer } from './helpers/http-server.ts';
import { tempDir } from './helpers/temp-dir.ts';

// Several `editwatch start` processes (real ones, from bin/) on one PostgreSQL database share the work
// through leases: each article checked by one of them, each version stored once, each post made once,
// and the articles of a worker killed with SIGKILL taken over once its lease runs out. Waits are on the
// database's state and the processes' output; the limit is a last guard for a loaded machine.
vi.setConfig({ testTimeout: 240_000 });

const postgres = DATABASES.find((d) => d.name === 'PostgreSQL')!;
const missing = postgres.missing();

const ARTICLES = 24;
const HOSTS = 3;
/** The pause between two requests to one host, which the workers keep together. */
const HOST_PAUSE_MS = 300;

/** The story each article tells, in the version the site serves now (its own headline, so none is another's). */
const story = (version: DemoArticle, i: number): DemoArticle => ({
  ...version,
  headline: `${version.headline} (${i})`,
});
const EDITED_AGAIN: DemoArticle = {
  ...DEMO_VERSIONS[2]!,
  paragraphs: [...DEMO_VERSIONS[2]!.paragraphs, 'The council will publish the engineers’ report on Friday.'],
};

/** The processes a test runs, whose output a failed wait shows. */
let running: CliProcess[] = [];

/** Polls a condition of the shared database until it holds (the workers move it, not the test). */
async function until<T>(what: string, read: () => Promise<T>, done: (v: T) => boolean, guardMs = 60_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() - started > guardMs)
      throw new Error(
        `gave up waiting for ${what}: ${JSON.stringify(value)}${running.map((p) => `\n--- pid ${p.pid}:\n${p.stderr().slice(-3000)}`).join('')}`,
      );
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** The JSON log lines a process wrote, by message. */
function logLines(proc: CliProcess): { msg: string; url?: string; due?: number }[] {
  return proc
    .stderr()
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as { msg: string; url?: string; due?: number });
}

describe.skipIf(missing)(missing ?? 'several workers on PostgreSQL', () => {
  const servers: TestServer[] = [];
  let version: DemoArticle = DEMO_VERSIONS[0]!;
  /** While set, article pages are not answered: whoever fetches one holds its article until released. */
  let held: (() => void)[] | null = null;
  const urls: string[] = [];

  beforeAll(async () => {
    for (let h = 0; h < HOSTS; h++) servers.push(await startServer());
    for (let i = 0; i < ARTICLES; i++) {
      const server = servers[i % HOSTS]!;
      const path = `/news/story-${i}`;
      const url = `${server.origin}${path}`;
      urls.push(url);
      server.route(path, async (_req, res) => {
        if (held) await new Promise<void>((resume) => held!.push(resume));
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(articlePage(story(version, i), 1, url));
      });
    }
  });
  afterAll(async () => {
    for (const s of servers) await s.close();
  });
  afterEach(() => killLeftovers());

  it('share the articles, store each version once, post each edit once, and take over a killed worker’s articles', async () => {
    const database = await postgres.create();
    const state = tempDir();
    const store = await Store.open(database);
    const sql = new pg.Client({ connectionString: database });
    await sql.connect();
    try {
      const now = new Date().toISOString();
      for (const url of urls) await store.articles.track(url, now, 'test');
      const env = {
        EDITWATCH_DATABASE_URL: database,
        EDITWATCH_STATE_DIR: state.path,
        EDITWATCH_CRON: '*/6 * * * * *',
        EDITWATCH_MAX_CHECKS_PER_CYCLE: '8',
        EDITWATCH_LEASE_SECONDS: '3',
        EDITWATCH_DRY_RUN: 'true',
        EDITWATCH_HOST_DELAY_MS: String(HOST_PAUSE_MS),
        LOG_LEVEL: 'info',
        LOG_FORMAT: 'json',
      };
      const workers = [startCli(['start'], env), startCli(['start'], env)];
      running = workers;
      const count = async (query: string) => Number((await sql.query<{ n: string }>(query)).rows[0]!.n);

      // 1. Every article read once, by one worker or the other.
      await until(
        'a first version of every article',
        () => count('select count(*) as n from versions'),
        (n) => n >= ARTICLES,
      );
      // 2. Every article edited: each edit found once, and posted once on each network.
      version = DEMO_VERSIONS[2]!;
      await sql.query(`update articles set next_check_at = $1`, [new Date().toISOString()]);
      const expectedPosts = ARTICLES * 2;
      await until(
        'every edit posted',
        () => count(`select count(*) as n from posts where state = 'posted'`),
        (n) => n >= expectedPosts,
      );
      for (const w of workers)
        expect(logLines(w).filter((l) => l.msg === 'article changed' || l.msg === 'checked').length).toBeGreaterThan(0);
      const status = await runCli(['status'], env);
      expect(status.stdout).toMatch(/workers: 2 running\n {2}start pid \d+, since .*\n {2}start pid \d+, since/);

      // 3. Edited again; one worker killed while pages hang, with articles in its hand.
      version = EDITED_AGAIN;
      held = [];
      await sql.query(`update articles set next_check_at = $1`, [new Date().toISOString()]);
      const [victim, survivor] = workers as [CliProcess, CliProcess];
      const victimId = (await sql.query<{ id: string }>(`select id from workers where pid = $1`, [victim.pid])).rows[0]!
        .id;
      const inHand = await until(
        'articles in the victim’s hand',
        async () =>
          (
            await sql.query<{ id: string; lease_until: string }>(
              `select id, lease_until from articles where lease_owner = $1`,
              [victimId],
            )
          ).rows,
        (rows) => rows.length > 0,
      );
      victim.child.kill('SIGKILL');
      await victim.exited;
      const resume = held;
      held = null;
      for (const r of resume) r();
      await until(
        'every second edit posted',
        () => count(`select count(*) as n from posts where state = 'posted'`),
        (n) => n >= expectedPosts * 2,
      );
      // The victim's articles were read again by the survivor, after the victim's lease ran out.
      const taken = await sql.query<{ article_id: string; fetched_at: string }>(
        `select article_id, fetched_at from versions where seq = 3 and article_id = any($1::bigint[])`,
        [inHand.map((r) => r.id)],
      );
      expect(taken.rows).toHaveLength(inHand.length);
      const leaseEnd = inHand.map((r) => r.lease_until).sort()[0]!;
      for (const row of taken.rows) expect(row.fetched_at >= leaseEnd).toBe(true);

      // No version stored twice; each version's check recorded once; each post made once.
      expect(await count(`select count(*) as n from versions`)).toBe(ARTICLES * 3);
      expect(
        await count(
          `select count(*) as n from (select article_id, seq from versions group by article_id, seq having count(*) > 1) d`,
        ),
      ).toBe(0);
      expect(await count(`select count(*) as n from checks where outcome in ('first-version', 'new-version')`)).toBe(
        ARTICLES * 3,
      );
      expect(await count(`select count(*) as n from posts where attempts <> 1 or state <> 'posted'`)).toBe(0);
      expect(readdirSync(join(state.path, 'outbox')).filter((f) => !f.startsWith('.'))).toHaveLength(expectedPosts * 2);
      expect(
        await count(
          `select count(*) as n from articles where lease_owner is not null and lease_owner <> (select id from workers where pid = ${survivor.pid})`,
        ),
      ).toBe(0);

      // Each host's pages were fetched one turn at a time across both workers, turns a pause apart. A
      // request arrives a little after its turn starts, later on a loaded machine: half a pause is the
      // margin. Two workers pacing alone would send to a host within milliseconds of each other.
      for (const server of servers) {
        const arrivals = server.requests.filter((r) => r.path.startsWith('/news/')).map((r) => r.at);
        const gaps = arrivals.slice(1).map((t, i) => t - arrivals[i]!);
        expect(Math.min(...gaps)).toBeGreaterThanOrEqual(HOST_PAUSE_MS / 2);
      }

      survivor.child.kill('SIGTERM');
      expect((await survivor.exited).code).toBe(143);
      // A worker that stops gives back everything it held, and leaves the list.
      expect(await count(`select count(*) as n from articles where lease_owner is not null`)).toBe(0);
      expect((await runCli(['status'], env)).stdout).toContain('workers: none running');
    } finally {
      held = null;
      await sql.end();
      await store.close();
      state.remove();
    }
  });
});
