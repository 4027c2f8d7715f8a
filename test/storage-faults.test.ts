import { randomBytes } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { articlePage, DEMO_VERSIONS, type DemoArticle } from '../src/demo/article-page.ts';
import { Store } from '../src/store/index.ts';
import { StoreDialect } from '../src/store/sqlite-dialect.ts';
import { stateFault, StateFaultError } from '../src/store/state-fault.ts';
import { killLeftovers, runCli, startCli } from './helpers/cli-process.ts';
import { startEditedArticle } from './helpers/edited-article.ts';
import { startServer } from './helpers/http-server.ts';
import { tempDir } from './helpers/temp-dir.ts';
import { testApp } from './helpers/test-app.ts';
import { canMount, fillDisk, mountTmpfs } from './helpers/tmpfs.ts';

// Each CLI case starts several editwatch processes; on a loaded two-core machine one can take seconds.
// A last guard only: nothing here waits on a fixed sleep.
vi.setConfig({ testTimeout: 180_000 });

let state: ReturnType<typeof tempDir>;
afterEach(() => {
  killLeftovers();
  state?.remove();
});
const fresh = () => (state = tempDir());

/** What a failed try could leave in the media folder: change folders and unfinished ones. */
const mediaEntries = (stateDir: string) =>
  existsSync(join(stateDir, 'media')) ? readdirSync(join(stateDir, 'media')).sort() : [];
const escaped = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const oneLine = (stderr: string) => stderr.split('\n').filter((l) => l.length > 0);

describe('the real error surfaces', () => {
  it('a full database inside a transaction is SQLITE_FULL naming the file, not "cannot rollback"; other errors still roll back', async () => {
    fresh();
    const file = join(state.path, 'x.sqlite');
    const sqlite = new SQLite(file);
    sqlite.pragma('journal_mode = WAL');
    const db = new Kysely<{ t: { id: number; x: Buffer } }>({ dialect: new StoreDialect(sqlite) });
    try {
      await sql`create table t (id integer primary key, x blob)`.execute(db);
      // A real limit on this connection: SQLite answers SQLITE_FULL and rolls the transaction back itself.
      sqlite.pragma(`max_page_count = ${Number(sqlite.pragma('page_count', { simple: true })) + 2}`);
      const full = await db
        .transaction()
        .execute(async (tx) => {
          await tx
            .insertInto('t')
            .values({ id: 1, x: Buffer.alloc(10) })
            .execute();
          await tx
            .insertInto('t')
            .values({ id: 2, x: randomBytes(64_000) })
            .execute();
        })
        .catch((err: unknown) => err);
      expect(full).toBeInstanceOf(StateFaultError);
      expect(full).toMatchObject({ code: 'SQLITE_FULL', path: file });
      expect((full as Error).message).toMatch(
        new RegExp(`^${escaped(file)}: the disk is full \\(SQLITE_FULL\\); free some space`),
      );
      expect(sqlite.inTransaction).toBe(false);
      expect(sqlite.prepare('select count(*) from t').pluck().get()).toBe(0);

      // An error SQLite does not roll back by itself: the ROLLBACK is still sent, and the first row undone.
      const duplicate = await db
        .transaction()
        .execute(async (tx) => {
          await tx
            .insertInto('t')
            .values({ id: 3, x: Buffer.alloc(1) })
            .execute();
          await tx
            .insertInto('t')
            .values({ id: 3, x: Buffer.alloc(1) })
            .execute();
        })
        .catch((err: unknown) => err);
      expect(duplicate).not.toBeInstanceOf(StateFaultError);
      expect((duplicate as { code?: string }).code).toBe('SQLITE_CONSTRAINT_PRIMARYKEY');
      expect(sqlite.inTransaction).toBe(false);
      expect(sqlite.prepare('select count(*) from t').pluck().get()).toBe(0);
    } finally {
      await db.destroy();
    }
  });

  it('tells a fault of the state from other errors, also when it is the cause of another', async () => {
    fresh();
    const readOnlyFile = Object.assign(new Error('EROFS: read-only file system'), {
      code: 'EROFS',
      syscall: 'open',
      path: '/srv/state/editwatch.sqlite',
    });
    const wrapped = stateFault(new Error('database migration failed', { cause: readOnlyFile }));
    expect(wrapped).toMatchObject({ code: 'EROFS', path: '/srv/state/editwatch.sqlite' });
    // A socket's EACCES (a port below 1024) or process.kill's EPERM is nobody's disk.
    expect(stateFault(Object.assign(new Error('listen EACCES'), { code: 'EACCES', syscall: 'listen' }))).toBeNull();
    expect(stateFault(Object.assign(new Error('kill EPERM'), { code: 'EPERM', syscall: 'kill' }))).toBeNull();
    expect(stateFault(Object.assign(new Error('busy'), { code: 'SQLITE_BUSY' }))).toBeNull();
    // A state directory whose path runs through a file is a mistake in the configuration, not a fault of the disk.
    const blocker = join(state.path, 'not-a-folder');
    writeFileSync(blocker, '');
    const err = await Store.open(join(blocker, 'editwatch.sqlite')).catch((e: unknown) => e);
    expect((err as { code?: string }).code).toMatch(/^(EEXIST|ENOTDIR)$/);
    expect(stateFault(err)).toBeNull();
  });

  it('a damaged database or a file that is not one: one line with the path and what to do, exit 3, no stack', async () => {
    fresh();
    const db = join(state.path, 'editwatch.sqlite');
    const env = { EDITWATCH_STATE_DIR: state.path };
    const store = await Store.open(db);
    for (let i = 0; i < 40; i++)
      await store.articles.track(`https://news.example/story-${i}`, '2026-11-25T08:00:00.000Z', 'test');
    await store.close();
    const original = readFileSync(db);

    // Damaged pages behind an intact header.
    writeFileSync(db, Buffer.concat([original.subarray(0, 100), randomBytes(original.length - 100)]));
    const damaged = await runCli(['check'], env);
    expect(damaged.code).toBe(3);
    expect(oneLine(damaged.stderr)).toHaveLength(1);
    expect(damaged.stderr).toMatch(
      new RegExp(
        `^editwatch: ${escaped(db)}: not an editwatch database, or damaged \\((SQLITE_CORRUPT\\w*|SQLITE_NOTADB)\\); restore it from a backup, or move it away to start afresh\\n$`,
      ),
    );

    // Not a database at all.
    writeFileSync(db, randomBytes(8192));
    for (const args of [['check'], ['list']]) {
      const r = await runCli(args, env);
      expect(r.code).toBe(3);
      expect(r.stderr).toBe(
        `editwatch: ${db}: not an editwatch database, or damaged (SQLITE_NOTADB); restore it from a backup, or move it away to start afresh\n`,
      );
    }
  });
});

describe('one fault costs only its own article', () => {
  it('an article whose stored row is damaged does not stop the others or the outbox', async () => {
    fresh();
    const a = await startEditedArticle('/a');
    const b = await startEditedArticle('/b');
    try {
      const { app, advance } = await testApp(state.path);
      try {
        await app.store.articles.track(a.url, '2026-11-25T07:00:00.000Z', 'test');
        await app.store.articles.track(b.url, '2026-11-25T07:00:01.000Z', 'test');
        await app.runCycle({ force: true });
        const idA = (await app.store.articles.get(a.url))!.id;
        // A real fault of one row (a bad sector, a hand edit): its stored article is not JSON.
        await sql`update versions set content = '{"headline": "cut sh' where article_id = ${idA}`.execute(app.store.db);
        a.edit();
        b.edit();
        advance(30);

        const report = await app.runCycle({ force: true });
        expect(report.faults).toEqual({ stateFault: null, articleErrors: 1 });
        expect(report.results.map((r) => [r.url, r.result.outcome])).toEqual([[b.url, 'new-version']]);
        expect(report.publish).toMatchObject({ posted: 2, failed: 0, pending: 0 });
        expect(await app.store.outbox.countByState()).toEqual({ pending: 0, sending: 0, posted: 2, failed: 0 });
        // Nothing recorded against it: it is checked again next cycle.
        expect((await app.store.articles.get(a.url))!.last_error).toBeNull();
        expect(mediaEntries(state.path)).toEqual([expect.stringMatching(/-a2-v2$/)]);
      } finally {
        await app.close();
      }
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('a database that cannot grow stops the version that does not fit, leaves no cards, and spares the other article and the outbox', async () => {
    fresh();
    const server = await startServer();
    let edited = false;
    // Incompressible bytes in the page's HTML (stored with each version), none in the article's text; new
    // bytes in the edited page, since a version is stored after the one before and what they share is free.
    const bulk = [randomBytes(300_000).toString('base64'), randomBytes(300_000).toString('base64')];
    const page = () =>
      articlePage(DEMO_VERSIONS[edited ? 2 : 0] as DemoArticle, 1, `${server.origin}/big`).replace(
        '</body>',
        `<!-- ${bulk[edited ? 1 : 0]!} --></body>`,
      );
    server.route(
      '/big',
      (_req, res) => void res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page()),
    );
    const big = `${server.origin}/big`;
    const small = await startEditedArticle('/small');
    const { app, advance } = await testApp(state.path);
    const pragma = async (text: string) =>
      (await sql<Record<string, number>>`${sql.raw(`pragma ${text}`)}`.execute(app.store.db)).rows[0];
    try {
      await app.store.articles.track(big, '2026-11-25T07:00:00.000Z', 'test');
      await app.store.articles.track(small.url, '2026-11-25T07:00:01.000Z', 'test');
      await app.runCycle({ force: true });

      // The store's own connection may grow by 20 pages: room for the small article's change, not the big one's.
      const pages = Number(Object.values((await pragma('page_count'))!)[0]);
      expect(Number(Object.values((await pragma('freelist_count'))!)[0])).toBeLessThan(10);
      await pragma(`max_page_count = ${pages + 20}`);
      edited = true;
      small.edit();
      advance(30);
      const report = await app.runCycle({ force: true });
      expect(report.faults.articleErrors).toBe(1);
      expect(report.faults.stateFault).toMatch(
        new RegExp(
          `^${escaped(app.config.state.database)}: the disk is full \\(SQLITE_FULL\\); free some space, then run again`,
        ),
      );
      expect(report.results.map((r) => [r.url, r.result.outcome])).toEqual([[small.url, 'new-version']]);
      expect(report.publish).toMatchObject({ posted: 2, failed: 0, pending: 0 });
      const idBig = (await app.store.articles.get(big))!.id;
      expect(await app.store.versions.all(idBig)).toHaveLength(1);
      // Only the small article's cards: the big one's folder went with its version.
      expect(mediaEntries(state.path)).toEqual([expect.stringMatching(/-a2-v2$/)]);

      // Room again: the change is made once, its posts sent once.
      await pragma('max_page_count = 1073741823');
      advance(30);
      const again = await app.runCycle({ force: true });
      expect(again.faults).toEqual({ stateFault: null, articleErrors: 0 });
      expect(again.results.map((r) => r.result.outcome).sort()).toEqual(['new-version', 'unchanged']);
      expect(await app.store.versions.all(idBig)).toHaveLength(2);
      expect(await app.store.outbox.countByState()).toEqual({ pending: 0, sending: 0, posted: 4, failed: 0 });
      expect(mediaEntries(state.path)).toEqual([expect.stringMatching(/-a2-v2$/), expect.stringMatching(/-a1-v2$/)]);
    } finally {
      await app.close();
      await server.close();
      await small.close();
    }
  });

  it('unfinished card folders of a dead process, and change folders no post uses, are removed when a cycle starts; others are left', async () => {
    fresh();
    const { app } = await testApp(state.path);
    try {
      const media = app.config.state.mediaDir;
      const dead = spawnSync(process.execPath, ['-e', '']).pid;
      const folders = {
        dead: `.tmp-20261125T080000Z-a1-v2-${dead}-0a1b2c3d`,
        own: `.tmp-20261125T080000Z-a2-v2-${process.pid}-0a1b2c3d`,
        liveFresh: `.tmp-20261125T080000Z-a3-v2-${process.ppid}-0a1b2c3d`,
        liveOld: `.tmp-20261125T080000Z-a4-v2-${process.ppid}-4e5f6a7b`,
        change: '20261125T080000Z-a5-v2',
      };
      for (const name of Object.values(folders)) {
        mkdirSync(join(media, name), { recursive: true });
        writeFileSync(join(media, name, 'card-1.png'), 'x');
      }
      const twoHoursAgo = new Date(Date.now() - 2 * 60 * 60_000);
      utimesSync(join(media, folders.liveOld), twoHoursAgo, twoHoursAgo);
      await app.runCycle();
      // The change folder no stored post uses (a kill after its rename, before its commit) goes too.
      expect(readdirSync(media).sort()).toEqual([folders.own, folders.liveFresh].sort());
    } finally {
      await app.close();
    }
  });
});

describe('a full or read-only disk, for real (a tmpfs)', () => {
  const skip = canMount ? '' : ' (skipped: mounting a tmpfs needs root)';
  let mount: ReturnType<typeof mountTmpfs> | undefined;
  let dir: ReturnType<typeof tempDir>;
  beforeAll(() => {
    dir = tempDir();
    if (canMount) mount = mountTmpfs(join(dir.path, 'disk'), '16m');
  });
  afterAll(() => {
    killLeftovers();
    try {
      mount?.remount('rw');
    } finally {
      mount?.unmount();
      dir.remove();
    }
  });
  const stateDb = (stateDir: string) => {
    const db = new SQLite(join(stateDir, 'editwatch.sqlite'), { readonly: true });
    try {
      return {
        versions: db.prepare('select count(*) from versions').pluck().get(),
        posts: db.prepare('select state, count(*) as n from posts group by state').all(),
      };
    } finally {
      db.close();
    }
  };

  it.skipIf(!canMount)(
    `a full disk: one line naming the file, nothing half made, and the next run stores the edit once${skip}`,
    async () => {
      const stateDir = join(dir.path, 'disk', 'full');
      const filler = join(dir.path, 'disk', 'filler');
      const env = { EDITWATCH_STATE_DIR: stateDir };
      mkdirSync(stateDir);
      const article = await startEditedArticle();
      try {
        expect((await runCli(['track', article.url], env)).code).toBe(0);
        expect((await runCli(['check'], env)).stdout).toContain('first version stored');
        article.edit();
        // Wholly full (the lock or the database fails first), then with a little room (the cards or the version fail).
        for (const leave of [0, 160 * 1024]) {
          fillDisk(filler, leave);
          const r = await runCli(['check', '--force'], env);
          rmSync(filler);
          expect(r.code, r.stderr).toBe(3);
          expect(oneLine(r.stderr)).toHaveLength(1);
          expect(r.stderr).toMatch(
            new RegExp(
              `^editwatch: ${escaped(stateDir)}/\\S+: the disk is full \\((SQLITE_FULL|ENOSPC|SQLITE_IOERR\\w*)[^)]*\\); free some space, then run again`,
            ),
          );
          expect(r.stderr).not.toMatch(/\n\s+at /);
          expect(mediaEntries(stateDir)).toEqual([]);
          expect(stateDb(stateDir)).toEqual({ versions: 1, posts: [] });
        }

        const freed = await runCli(['check', '--force'], env);
        expect(freed.code, freed.stderr).toBe(0);
        expect(freed.stdout).toContain(`changed (version 2`);
        expect(freed.stdout).toMatch(/posts: 2 sent/);
        const again = await runCli(['check', '--force'], env);
        expect(again.stdout).toContain(`unchanged: ${article.url}`);
        expect(stateDb(stateDir)).toEqual({ versions: 2, posts: [{ state: 'posted', n: 2 }] });
        expect(mediaEntries(stateDir)).toEqual([expect.stringMatching(/-a1-v2$/)]);
        expect(readdirSync(join(stateDir, 'outbox')).sort()).toEqual([
          expect.stringMatching(/-a1-v2-bluesky$/),
          expect.stringMatching(/-a1-v2-mastodon$/),
        ]);
      } finally {
        rmSync(filler, { force: true });
        await article.close();
      }
    },
  );

  it.skipIf(!canMount)(
    `start on a disk that fills up: one error line a cycle, and it goes on once there is room${skip}`,
    async () => {
      const stateDir = join(dir.path, 'disk', 'start');
      const filler = join(dir.path, 'disk', 'filler');
      const env = { EDITWATCH_STATE_DIR: stateDir };
      mkdirSync(stateDir);
      const article = await startEditedArticle();
      const start = startCli(['start'], {
        ...env,
        LOG_LEVEL: 'info',
        LOG_FORMAT: 'json',
        EDITWATCH_CRON: '*/2 * * * * *',
      });
      const logAfter = (mark: number) =>
        start
          .stderr()
          .slice(mark)
          .split('\n')
          .filter((l) => l.startsWith('{'))
          .map((l) => JSON.parse(l) as { level: number; msg: string; err?: string });
      try {
        expect((await runCli(['track', article.url], env)).code).toBe(0);
        await start.until((o) => o.stderr.includes('"msg":"check cycle finished"'));
        fillDisk(filler);
        const full = start.stderr().length;
        const errors = () => logAfter(full).filter((l) => l.level >= 50);
        await start.until(() => errors().length >= 2);
        // Each tick says what is wrong once, with the file, and nothing else fails.
        for (const line of errors())
          expect(`${line.msg}: ${line.err ?? ''}`).toMatch(
            new RegExp(`${escaped(stateDir)}/\\S+: the disk is full \\((SQLITE_FULL|ENOSPC)`),
          );
        expect(errors().every((l, i, all) => i === 0 || l.msg === all[0]!.msg)).toBe(true);
        rmSync(filler);
        const freed = start.stderr().length;
        await start.until(() => logAfter(freed).some((l) => l.msg === 'check cycle finished'));
        expect(logAfter(freed).filter((l) => l.level >= 50 && l.msg !== errors()[0]?.msg)).toEqual([]);
        start.child.kill('SIGTERM');
        expect((await start.exited).signal).toBeNull();
      } finally {
        rmSync(filler, { force: true });
        await article.close();
      }
    },
  );

  it.skipIf(!canMount)(
    `a read-only state directory: one line naming the file and what to do, for writers and readers${skip}`,
    async () => {
      const stateDir = join(dir.path, 'disk', 'ro');
      const env = { EDITWATCH_STATE_DIR: stateDir };
      mkdirSync(stateDir);
      const article = await startEditedArticle();
      try {
        expect((await runCli(['track', article.url], env)).code).toBe(0);
        expect((await runCli(['check'], env)).stdout).toContain('first version stored');
        // As root, chmod stops no write: a read-only mount does.
        mount!.remount('ro');
        try {
          for (const args of [['check', '--force'], ['track', `${article.url}-2`], ['list']]) {
            const r = await runCli(args, env);
            expect(r.code, r.stderr).toBe(3);
            expect(oneLine(r.stderr)).toHaveLength(1);
            expect(r.stderr).toMatch(
              new RegExp(
                `^editwatch: ${escaped(stateDir)}/\\S+: cannot be written, the file system or the file is read-only \\(([A-Z_]+, )?EROFS\\); make the state directory \\(EDITWATCH_STATE_DIR\\) writable`,
              ),
            );
          }
        } finally {
          mount!.remount('rw');
        }
        article.edit();
        const writable = await runCli(['check', '--force'], env);
        expect(writable.code, writable.stderr).toBe(0);
        expect(writable.stdout).toContain('changed (version 2');
      } finally {
        await article.close();
      }
    },
  );
});
