import { join } from 'node:path';
import pg from 'pg';
import { describe, inject, onTestFinished } from 'vitest';
import { tempDir } from './temp-dir.ts';

/**
 * The databases the store runs on, for tests that must hold on both: a SQLite file in a temp folder, and
 * a fresh database on the PostgreSQL cluster the global setup starts (appview-services.ts). Each
 * `create()` gives a new, empty one, removed when the test finishes.
 */
export interface TestDatabase {
  name: 'SQLite' | 'PostgreSQL';
  /** Why this one cannot run here (skip), or null. */
  missing(): string | null;
  /** A new empty database's location: a file path or a postgres:// URL. Call it inside a test. */
  create(): Promise<string>;
}

const sqlite: TestDatabase = {
  name: 'SQLite',
  missing: () => null,
  create() {
    const dir = tempDir();
    onTestFinished(() => dir.remove());
    return Promise.resolve(join(dir.path, 'editwatch.sqlite'));
  },
};

let made = 0;

const postgres: TestDatabase = {
  name: 'PostgreSQL',
  missing() {
    if (inject('appViewServices')) return null;
    const why = inject('appViewServicesWhyNot');
    // CI has PostgreSQL: there a missing one fails the tests instead of skipping them.
    if (process.env.CI) throw new Error(`CI must run the store's tests on PostgreSQL, but ${why}`);
    return why;
  },
  async create() {
    const services = inject('appViewServices');
    if (!services) throw new Error(`no PostgreSQL: ${inject('appViewServicesWhyNot')}`);
    const name = `editwatch_${process.pid}_${++made}`;
    const admin = new pg.Client({ connectionString: services.postgresUrl });
    await admin.connect();
    try {
      await admin.query(`create database ${name}`);
    } finally {
      await admin.end();
    }
    onTestFinished(async () => {
      const client = new pg.Client({ connectionString: services.postgresUrl });
      await client.connect();
      try {
        // A store the test left open loses its connections.
        await client.query(`drop database ${name} with (force)`);
      } finally {
        await client.end();
      }
    });
    const url = new URL(services.postgresUrl);
    url.pathname = `/${name}`;
    return url.href;
  },
};

export const DATABASES: readonly TestDatabase[] = [sqlite, postgres];

/** The tests `body` declares, once on each database; skipped, saying why, where one cannot run here. */
export function onEachDatabase(title: string, body: (database: TestDatabase) => void): void {
  describe.each(DATABASES)(`${title}, on $name`, (database) => {
    const missing = database.missing();
    describe.skipIf(missing)(missing ?? '', () => body(database));
  });
}
