// The kill -9 run of `npm run bench -- scale`: four workers posting to a real local Bluesky PDS and a
// Mastodon server checked against the API description, one killed with SIGKILL at random moments and
// replaced, until every edit is posted; then what the database and both servers hold.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { AtpAgent } from '@atproto/api';
import { TestNetworkNoAppView } from '@atproto/dev-env';
import SQLite from 'better-sqlite3';
import { startMastodonServer } from '../test/helpers/mastodon-server.ts';
import type { PostgresCluster } from '../test/helpers/postgres-cluster.ts';
import { seededRandom } from '../test/helpers/seeded-random.ts';
import { startSite } from './load-parts.ts';
import { seedState, type Template } from './load-seed.ts';
import { BIN, databaseUrl, env, f, row, sql, startWorker, stopAll } from './scale-parts.ts';
import { summarise } from './stats.ts';

/**
 * Four workers with real networks, one killed with SIGKILL at random moments (and replaced), until every
 * edit is posted; then what the database and the two servers hold.
 */
export async function killRun(cluster: PostgresCluster, templates: Template[], dir: string): Promise<void> {
  const articles = env('SCALE_KILL_ARTICLES', 400);
  const hosts = 40;
  const editEvery = 4; // every 4th article's page is edited (load-site.ts)
  const siteDir = join(dir, 'kill-site');
  mkdirSync(siteDir, { recursive: true });
  // Every edit already made when the run starts: each edited article's first check finds it.
  const site = await startSite(
    { hosts, templates: templates.map(({ html, edited }) => ({ html, edited })), editEvery, start: 0, runMs: 1 },
    siteDir,
  );
  const bluesky = await TestNetworkNoAppView.create({});
  const mastodon = await startMastodonServer();
  try {
    const agent = new AtpAgent({ service: bluesky.pds.url });
    await agent.createAccount({ handle: 'editwatch.test', email: 'editwatch@example.test', password: 'editwatch-pw' });
    const appPassword = (await agent.com.atproto.server.createAppPassword({ name: 'editwatch' })).data.password;
    const file = join(dir, 'kill-seed.sqlite');
    await seedState(file, articles, hosts, site.port, templates, Date.now());
    const seed = new SQLite(file);
    seed.prepare('update articles set next_check_at = ?').run(new Date().toISOString());
    seed.close();
    await sql(cluster.url, 'create database kill_run');
    const url = databaseUrl(cluster, 'kill_run');
    const migrated = spawnSync(process.execPath, [BIN, 'migrate', '--from', file], {
      env: {
        PATH: process.env.PATH,
        EDITWATCH_DATABASE_URL: url,
        EDITWATCH_STATE_DIR: join(dir, 'kill-migrate'),
        LOG_LEVEL: 'warn',
      },
      encoding: 'utf8',
    });
    if (migrated.status !== 0) throw new Error(`migrate failed: ${migrated.stderr}`);
    const leaseS = 5;
    const runEnv: Record<string, string> = {
      MALLOC_ARENA_MAX: '2',
      EDITWATCH_DATABASE_URL: url,
      EDITWATCH_ALLOW_PRIVATE_HOSTS: 'true',
      EDITWATCH_MENTIONS: 'false',
      EDITWATCH_CRON: '*/10 * * * * *',
      EDITWATCH_MAX_CHECKS_PER_CYCLE: '40',
      EDITWATCH_LEASE_SECONDS: String(leaseS),
      MASTODON_URL: mastodon.url,
      MASTODON_TOKEN: mastodon.token,
      BSKY_SERVICE: bluesky.pds.url,
      BSKY_HANDLE: 'editwatch.test',
      BSKY_APP_PASSWORD: appPassword,
      LOG_LEVEL: 'info',
    };
    let made = 0;
    const stateOf = () => join(dir, `kill-worker-${made++}`);
    const workers = Array.from({ length: 4 }, () => startWorker(runEnv, stateOf()));
    const random = seededRandom(20261126);
    const kills: { at: number; inHand: number[] }[] = [];
    const edits = Math.floor((articles + 1) / editEvery);
    const progress = async () =>
      (
        await sql<{ versions: string; unposted: string; posts: string }>(
          url,
          `select (select count(*) from versions where seq = 2) versions,
             (select count(*) from posts where state in ('pending', 'sending')) unposted,
             (select count(*) from posts) posts`,
        )
      )[0]!;
    const started = Date.now();
    for (;;) {
      await new Promise((r) => setTimeout(r, 2_000 + random() * 6_000));
      const p = await progress();
      if (Number(p.versions) >= edits && Number(p.unposted) === 0 && Number(p.posts) >= edits * 2) break;
      if (Date.now() - started > 15 * 60_000) throw new Error(`the kill run did not finish: ${JSON.stringify(p)}`);
      const i = Math.floor(random() * workers.length);
      const victim = workers[i]!;
      const id = (await sql<{ id: string }>(url, 'select id from workers where pid = $1', [victim.child.pid]))[0]?.id;
      victim.child.kill('SIGKILL');
      await victim.exited;
      const inHand = id
        ? (await sql<{ id: string }>(url, 'select id from articles where lease_owner = $1', [id])).map((r) =>
            Number(r.id),
          )
        : [];
      kills.push({ at: Date.now(), inHand });
      workers[i] = startWorker(runEnv, stateOf());
      console.log(
        `  … kill ${kills.length}: ${inHand.length} articles in its hand; ${p.versions}/${edits} edits found, ${p.unposted} posts to send`,
      );
    }
    await stopAll(workers);
    // Every article a victim had in hand was checked again, and how long after the kill.
    const takenAfter: number[] = [];
    let neverChecked = 0;
    for (const kill of kills) {
      if (!kill.inHand.length) continue;
      const rows = await sql<{ id: string; last: string | null }>(
        url,
        'select id, last_checked_at last from articles where id = any($1::bigint[])',
        [kill.inHand],
      );
      for (const r of rows) {
        if (!r.last || Date.parse(r.last) < kill.at - leaseS * 1000) neverChecked++;
        else takenAfter.push(Math.max(0, Date.parse(r.last) - kill.at) / 1000);
      }
    }
    const counts = (
      await sql<Record<string, string>>(
        url,
        `select (select count(*) from versions) versions,
           (select count(*) from (select article_id, seq from versions group by 1, 2 having count(*) > 1) d) doubled,
           (select count(*) from articles where active = 1 and last_checked_at < $1) unchecked,
           (select count(*) from posts where network = 'mastodon' and state = 'posted') mastodon,
           (select count(*) from posts where network = 'bluesky' and state = 'posted') bluesky,
           (select count(*) from posts where state <> 'posted') unposted`,
        [new Date(started).toISOString()],
      )
    )[0]!;
    let records = 0;
    let cursor: string | undefined;
    do {
      const page = await agent.com.atproto.repo.listRecords({
        repo: agent.session!.did,
        collection: 'app.bsky.feed.post',
        limit: 100,
        ...(cursor ? { cursor } : {}),
      });
      records += page.data.records.length;
      cursor = page.data.cursor;
    } while (cursor);
    const texts = mastodon.statuses.map((s) => s.text);
    console.log(
      `\n  kill -9 run: ${articles} articles (${edits} edited), 4 workers, lease ${leaseS} s, ${kills.length} kills in ${f((Date.now() - started) / 1000)} s`,
    );
    row('versions stored / expected', `${counts.versions} / ${articles + edits}`);
    row('versions stored twice', counts.doubled!);
    row('articles never checked in the run', counts.unchecked!);
    row('victims’ articles checked again', `${takenAfter.length}, ${neverChecked} not`);
    row(
      '… seconds after the kill, median / max',
      takenAfter.length ? `${f(summarise(takenAfter).median, 1)} / ${f(Math.max(...takenAfter), 1)}` : 'none',
    );
    row(
      'Mastodon: statuses / posts posted',
      `${mastodon.statuses.length} / ${counts.mastodon}`,
      `${new Set(texts).size} distinct`,
    );
    row('Bluesky: records / posts posted', `${records} / ${counts.bluesky}`);
    row('posts not posted', counts.unposted!);
    row('Mastodon contract violations', String(mastodon.violations.length));
  } finally {
    await mastodon.close();
    await bluesky.close();
    site.child.kill('SIGTERM');
  }
}
