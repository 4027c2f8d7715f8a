import { describe, expect, it, onTestFinished } from 'vitest';
import type { Article } from '../src/extract/article.ts';
import { LeaseLostError, Store, type CheckRecord } from '../src/store/index.ts';
import { onEachDatabase } from './helpers/databases.ts';
import { checkRecord } from './helpers/check-record.ts';

// The leases that let several workers share one database (store/workers.ts, articles.claimDue), on a real
// SQLite file and a real PostgreSQL database; each worker with its own Store, as each process has.

const T0 = '2026-11-25T08:00:00.000Z';
const at = (seconds: number) => new Date(Date.parse(T0) + seconds * 1000).toISOString();
const lease = (nowS: number, forS = 120) => ({ now: at(nowS), until: at(nowS + forS) });

const article = (url: string): Article => ({
  url,
  canonicalUrl: null,
  outlet: 'Example News',
  headline: 'A headline',
  standfirst: null,
  byline: null,
  publishedAt: null,
  modifiedAt: null,
  paragraphs: ['One paragraph.'],
});
const check = (when: string, outcome: CheckRecord['outcome'] = 'unchanged') => checkRecord(when, outcome);
const schedule = (when: string) => ({ nextCheckAt: when, gone: 0, quietObservedMs: 0 });

onEachDatabase('leases of several workers', (database) => {
  // Several workers claim articles on PostgreSQL only: on SQLite one process runs cycles (the cycles lock).
  const onPostgres = it.runIf(database.name === 'PostgreSQL');
  /** Two workers' connections to one new database, with `n` articles all due at T0. */
  async function twoWorkers(n: number): Promise<[Store, Store]> {
    const location = await database.create();
    const a = await Store.open(location);
    const b = await Store.open(location);
    onTestFinished(async () => {
      await a.close();
      await b.close();
    });
    for (let i = 0; i < n; i++) await a.articles.track(`https://news${i % 7}.example/story-${i}`, T0, 'test');
    return [a, b];
  }

  onPostgres('gives each due article to one worker, when several claim at the same moment', async () => {
    const [a, b] = await twoWorkers(60);
    const claims = await Promise.all([
      a.articles.claimDue('worker-a', lease(0), at(0), { limit: 25 }),
      b.articles.claimDue('worker-b', lease(0), at(0), { limit: 25 }),
      a.articles.claimDue('worker-c', lease(0), at(0), { limit: 25 }),
    ]);
    const ids = claims.flat().map((r) => r.id);
    expect(ids).toHaveLength(60);
    expect(new Set(ids).size).toBe(60);
    for (const [i, owner] of ['worker-a', 'worker-b', 'worker-c'].entries())
      expect(claims[i]!.every((r) => r.lease_owner === owner)).toBe(true);
    // All in hand: nothing left for a fourth.
    expect(await b.articles.claimDue('worker-d', lease(1), at(1), { limit: 25 })).toEqual([]);
  });

  onPostgres("gives a worker's articles to another once its lease runs out, and not before", async () => {
    const [a, b] = await twoWorkers(5);
    const taken = await a.articles.claimDue('killed', lease(0, 120), at(0));
    expect(taken).toHaveLength(5);
    expect(await b.articles.claimDue('survivor', lease(119), at(119))).toEqual([]);
    const back = await b.articles.claimDue('survivor', lease(120), at(120));
    expect(back.map((r) => r.id)).toEqual(taken.map((r) => r.id));
  });

  onPostgres('renews the leases of a worker that runs, and gives them all back when it stops', async () => {
    const [a, b] = await twoWorkers(4);
    await a.workers.register({ id: 'alive', host: 'here', pid: 1, command: 'start' }, at(0), at(-86_400));
    await a.articles.claimDue('alive', lease(0, 120), at(0), { limit: 3 });
    expect(await a.workers.take('source:feeds', 'alive', at(0), at(120))).toBe(true);
    await a.workers.renew('alive', at(100), at(220));
    // Past the first lease, still held: renewed.
    expect(await b.articles.claimDue('other', lease(150), at(150))).toHaveLength(1);
    expect(await b.workers.take('source:feeds', 'other', at(150), at(270))).toBe(false);
    const [running] = await b.workers.running(at(0));
    expect(running).toMatchObject({ id: 'alive', pid: 1, command: 'start', seenAt: at(100), inHand: 3 });
    await a.workers.stopped('alive', at(160));
    expect(await b.articles.claimDue('other', lease(161), at(161))).toHaveLength(3);
    expect(await b.workers.take('source:feeds', 'other', at(161), at(281))).toBe(true);
    expect((await b.workers.running(at(0))).map((w) => w.id)).toEqual([]);
  });

  it('lets one worker at a time hold a job, and another take it when its lease runs out', async () => {
    const [a, b] = await twoWorkers(0);
    const first = await Promise.all([
      a.workers.take('outbox:bluesky', 'w1', at(0), at(60)),
      b.workers.take('outbox:bluesky', 'w2', at(0), at(60)),
    ]);
    expect(first.filter(Boolean)).toHaveLength(1);
    const [holder, other] = first[0] ? ['w1', 'w2'] : ['w2', 'w1'];
    expect(await a.workers.holds('outbox:bluesky', holder, at(30))).toBe(true);
    expect(await a.workers.take('outbox:bluesky', other, at(59), at(119))).toBe(false);
    // A holder asking again keeps it; another job is free.
    expect(await a.workers.take('outbox:bluesky', holder, at(59), at(119))).toBe(true);
    expect(await b.workers.take('outbox:mastodon', other, at(59), at(119))).toBe(true);
    expect(await b.workers.take('outbox:bluesky', other, at(119), at(179))).toBe(true);
    expect(await a.workers.holds('outbox:bluesky', holder, at(120))).toBe(false);
    await b.workers.give('outbox:bluesky', holder); // not its own any more: changes nothing
    expect(await a.workers.holds('outbox:bluesky', other, at(120))).toBe(true);
  });

  it("gives the workers' requests to one host turns a pause apart, and a host left alone its turn at once", async () => {
    const [a, b] = await twoWorkers(0);
    const now = Date.parse(T0);
    const turns = await Promise.all([
      a.workers.hostTurn('news.example', 1000, now),
      b.workers.hostTurn('news.example', 1000, now),
      a.workers.hostTurn('news.example', 1000, now + 10),
      b.workers.hostTurn('other.example', 1000, now),
    ]);
    expect(turns.slice(0, 3).sort()).toEqual([now, now + 1000, now + 2000]);
    expect(turns[3]).toBe(now);
    // Long after the last turn: at once.
    expect(await a.workers.hostTurn('news.example', 1000, now + 60_000)).toBe(now + 60_000);
  });

  it('writes nothing of a check whose worker lost the article, so no version is stored twice', async () => {
    const [a, b] = await twoWorkers(1);
    const [slow] = await a.articles.claimDue('slow', lease(0, 60), at(0));
    const [quick] = await b.articles.claimDue('quick', lease(61, 60), at(61));
    expect(quick!.id).toBe(slow!.id);
    const version = (owner: string, when: string) => ({
      articleId: slow!.id,
      check: check(when, 'first-version'),
      next: schedule(at(3600)),
      article: article(slow!.url),
      html: '<html><body><p>One paragraph.</p></body></html>',
      finalUrl: slow!.url,
      etag: null,
      lastModified: null,
      leaseOwner: owner,
    });
    await b.versions.save(version('quick', at(62)));
    // The slow worker's results arrive afterwards: refused, whole.
    await expect(a.versions.save(version('slow', at(63)))).rejects.toBeInstanceOf(LeaseLostError);
    await expect(a.checks.record(slow!.id, check(at(63)), schedule(at(3600)), 'slow')).rejects.toThrow(
      /no longer in this worker's hand/,
    );
    expect((await a.versions.all(slow!.id)).map((v) => v.fetchedAt)).toEqual([at(62)]);
    expect((await a.checks.of(slow!.id)).map((c) => c.at)).toEqual([at(62)]);
    // The write that counted gave the article back: due again at its next time, in no one's hand.
    const row = (await a.articles.for(slow!.url))!;
    expect(row).toMatchObject({ lease_owner: null, lease_until: null, next_check_at: at(3600) });
  });

  onPostgres('gives back only what a worker still holds, when its cycle ends', async () => {
    const [a, b] = await twoWorkers(6);
    const mine = await a.articles.claimDue('w1', lease(0), at(0), { limit: 4 });
    await b.articles.claimDue('w2', lease(0), at(0));
    expect(await a.articles.release('w1', [mine[0]!.id])).toBe(1);
    expect(await a.articles.release('w1')).toBe(3);
    expect(await a.articles.release('w1')).toBe(0);
    const free = await a.articles.claimDue('w3', lease(1), at(1));
    expect(free.map((r) => r.id).sort()).toEqual(mine.map((r) => r.id).sort());
  });
});

describe('a claim of due articles on SQLite', () => {
  it('takes the articles a killed process left in hand: one process runs cycles on a SQLite state', async () => {
    const store = await Store.open(':memory:');
    onTestFinished(() => store.close());
    await store.articles.track('https://news.example/a', T0, 'test');
    expect(await store.articles.claimDue('killed', lease(0), at(0))).toHaveLength(1);
    const [row] = await store.articles.claimDue('restarted', lease(1), at(1));
    expect(row).toMatchObject({ lease_owner: 'restarted', lease_until: at(121) });
  });

  it('keeps the cycle order (most overdue first) and the hosts left out', async () => {
    const store = await Store.open(':memory:');
    onTestFinished(() => store.close());
    for (const [i, due] of [at(30), at(10), at(20), at(10)].entries())
      await store.articles.track(`https://news${i}.example/a`, due, 'test');
    const rows = await store.articles.claimDue('w', lease(40), at(40), { except: ['https://news2.example/'] });
    expect(rows.map((r) => r.url)).toEqual([
      'https://news1.example/a',
      'https://news3.example/a',
      'https://news0.example/a',
    ]);
  });
});
