import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Store } from '../src/store/index.ts';
import { LocalBluesky, type BlueskyAccount } from './helpers/bluesky-network.ts';
import { cycleInChild } from './helpers/child-cycle.ts';
import { onEachDatabase } from './helpers/databases.ts';
import { startEditedArticle } from './helpers/edited-article.ts';
import { startMastodonServer, type MastodonServer } from './helpers/mastodon-server.ts';
import { tempDir } from './helpers/temp-dir.ts';

// Each cycle is a process of its own, killed with SIGKILL at each step of sending and followed by
// another: on SQLite a restart; on PostgreSQL another worker, which takes the network's queue over only
// once the killed one's lease on it has run out.

/** How long a worker's leases last in these runs (PostgreSQL): how long a killed one's queue waits. */
const LEASE_S = 8;

const CRASH_POINTS = [
  'mastodon:marked-sending',
  'mastodon:media-uploaded-1',
  'mastodon:status-created',
  'bluesky:marked-sending',
  'bluesky:media-uploaded-1',
  'bluesky:record-created',
];

onEachDatabase('killed (SIGKILL) at each step of sending, then another process', (database) => {
  let bluesky: LocalBluesky;
  let bot: BlueskyAccount;
  let mastodon: MastodonServer;
  let article: Awaited<ReturnType<typeof startEditedArticle>>;
  let state: ReturnType<typeof tempDir>;
  let location: string;
  let logs = '';

  beforeAll(async () => {
    state = tempDir();
    bluesky = await LocalBluesky.pdsOnly();
    bot = await bluesky.createAccount('editwatch');
    mastodon = await startMastodonServer();
    article = await startEditedArticle();
  });
  afterAll(async () => {
    await article.close();
    await mastodon.close();
    await bluesky.close();
    state.remove();
  });

  /** Runs one cycle in a child process (at debug level: everything is logged, and still no secret may appear). */
  async function cycle(crashAt = '') {
    const run = await cycleInChild(
      state.path,
      {
        MASTODON_URL: mastodon.url,
        MASTODON_TOKEN: mastodon.token,
        BSKY_SERVICE: bluesky.pdsUrl,
        BSKY_HANDLE: bot.handle,
        BSKY_APP_PASSWORD: bot.appPassword,
        LOG_LEVEL: 'debug',
        EDITWATCH_LEASE_SECONDS: String(LEASE_S),
        ...(database.name === 'PostgreSQL' ? { EDITWATCH_DATABASE_URL: location } : {}),
      },
      crashAt,
    );
    logs += run.stderr;
    return run;
  }

  /** Each post's state (with its attempts, for one network's). */
  async function postStates(network?: string): Promise<Record<string, string>> {
    const store = await Store.open(location);
    try {
      const posts = await store.outbox.list();
      return Object.fromEntries(
        network
          ? posts.filter((p) => p.network === network).map((p) => [p.id, `${p.state} after ${p.attempts}`])
          : posts.map((p) => [p.id, p.state]),
      );
    } finally {
      await store.close();
    }
  }

  /** When the killed worker's last lease runs out (PostgreSQL; SQLite keeps none across processes). */
  async function leasesEnd(): Promise<number> {
    if (database.name !== 'PostgreSQL') return 0;
    const client = new pg.Client({ connectionString: location });
    await client.connect();
    try {
      const { rows } = await client.query<{ until: string | null }>(
        `select max(until) as until from (select until from leases union all select lease_until from articles) l`,
      );
      return rows[0]?.until ? Date.parse(rows[0].until) : 0;
    } finally {
      await client.end();
    }
  }

  it('posts every edit exactly once, in order, in its article thread, on both networks', async () => {
    location = database.name === 'PostgreSQL' ? await database.create() : join(state.path, 'editwatch.sqlite');
    await bluesky.createAccount('alice'); // someone else on the PDS, so the bot is not alone
    const store = await Store.open(location);
    await store.articles.track(article.url, new Date().toISOString(), 'test');
    await store.close();
    const first = await cycle();
    expect(first.code, first.stderr).toBe(0);

    /** Crash points where another worker ran while the lease held, and left the queue alone. */
    let heldBack = 0;
    for (const [i, point] of CRASH_POINTS.entries()) {
      article.edit();
      const statusesBefore = mastodon.statuses.length;
      const crashed = await cycle(point);
      expect(crashed.signal, `${point}: ${crashed.code} ${crashed.stdout} ${crashed.stderr}`).toBe('SIGKILL');
      const states = Object.values(await postStates());
      // The post being sent when the process died was left in `sending`.
      expect(states.filter((s) => s === 'sending').length, point).toBeGreaterThanOrEqual(1);
      if (point === 'mastodon:status-created') expect(mastodon.statuses.length).toBe(statusesBefore + 1);
      const leased = await leasesEnd();
      if (leased > Date.now()) {
        // Another worker while the killed one's lease holds: it leaves that network's queue alone.
        const network = point.split(':')[0]!;
        const queue = await postStates(network);
        const early = await cycle();
        expect(early.code, `${point}: ${early.stderr}`).toBe(0);
        if (Date.now() < leased) {
          expect(await postStates(network), point).toEqual(queue);
          heldBack++;
        }
        // Then the lease runs out (a wait on the database's own time of it, not a guess).
        await new Promise((r) => setTimeout(r, Math.max(0, leased - Date.now() + 50)));
      }
      // The next process also meets a flaky server at first.
      if (i % 2 === 1) mastodon.fail({ kind: 'status', status: 503, times: 2 });
      const restarted = await cycle();
      expect(restarted.code, `${point}: ${restarted.stderr}`).toBe(0);
      expect(
        Object.values(await postStates()).every((s) => s === 'posted'),
        point,
      ).toBe(true);
    }

    // On PostgreSQL that was seen (a loaded machine may let a lease run out before a process starts).
    if (database.name === 'PostgreSQL') expect(heldBack).toBeGreaterThan(0);

    const reopened = await Store.open(location);
    const posts = (await reopened.outbox.list()).reverse();
    await reopened.close();
    const edits = CRASH_POINTS.length;

    // Mastodon: one status per edit, in order, each answering the one before.
    const mastodonPosts = posts.filter((p) => p.network === 'mastodon');
    expect(mastodonPosts).toHaveLength(edits);
    expect(mastodon.statuses.map((s) => s.id)).toEqual(mastodonPosts.map((p) => p.remote_id));
    expect(mastodon.statuses.map((s) => s.inReplyToId)).toEqual([
      null,
      ...mastodon.statuses.slice(0, -1).map((s) => s.id),
    ]);
    expect(mastodon.statuses.map((s) => s.text.match(/update (\d+)/)?.[1])).toEqual(
      Array.from({ length: edits }, (_, i) => String(i + 1)),
    );
    expect(mastodon.violations).toEqual([]);

    // Bluesky: one record per edit, in order, each replying to the one before, all under the first.
    const res = await bot.agent.com.atproto.repo.listRecords({
      repo: bot.did,
      collection: 'app.bsky.feed.post',
      limit: 100,
    });
    const recs = res.data.records.reverse();
    const blueskyPosts = posts.filter((p) => p.network === 'bluesky');
    expect(recs.map((r) => r.uri)).toEqual(blueskyPosts.map((p) => p.remote_id));
    const replies = recs.map(
      (r) => (r.value as { reply?: { root: { uri: string }; parent: { uri: string } } }).reply ?? null,
    );
    expect(replies).toEqual([
      null,
      ...recs
        .slice(0, -1)
        .map((r) => ({ root: { uri: recs[0]!.uri, cid: recs[0]!.cid }, parent: { uri: r.uri, cid: r.cid } })),
    ]);

    // The logs of every run, at debug level, name no credential.
    expect(logs).toContain('"step":"marked-sending"');
    for (const secret of [mastodon.token, bot.appPassword]) expect(logs).not.toContain(secret);
    expect(logs).not.toMatch(/accessJwt|refreshJwt/);
  }, 180_000);
});
