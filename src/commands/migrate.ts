import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { StateApp } from '../open-state.ts';
import { CardFolders } from '../publish/card-folder.ts';
import { copyState, CopyRefusedError } from '../store/copy-state.ts';
import { Store } from '../store/index.ts';
import { databaseName } from '../store/location.ts';
import { claimState } from './state-access.ts';
import { UsageError } from './usage-error.ts';

/**
 * `editwatch migrate --from state/editwatch.sqlite`: copies a SQLite state (articles, versions with their
 * HTML, changes, checks, posts, requests, feeds, cursors, pauses) into the PostgreSQL database of
 * EDITWATCH_DATABASE_URL, which must be empty. The SQLite file is only read (after bringing its schema
 * up to date, as any command does), and nothing may write it meanwhile.
 */
export async function migrateFrom(app: StateApp, from: string): Promise<number> {
  if (app.store.dialect !== 'postgres')
    throw new UsageError(
      'migrate --from copies a SQLite state into PostgreSQL: set EDITWATCH_DATABASE_URL to the empty database to copy into',
    );
  const file = resolve(from);
  if (!existsSync(file)) throw new UsageError(`no SQLite state at ${file}`);
  // The source's own state folder, unless it is this one (already held): no start or check may write it.
  const stateDir = dirname(file);
  const claim =
    stateDir === app.config.state.dir
      ? null
      : await claimState({ ...app.config.state, dir: stateDir, database: file }, 'migrate', 'check');
  try {
    const source = await Store.open(file);
    try {
      const target = databaseName(app.config.state.database);
      app.log.info({ from: file, to: target }, 'copying the state');
      let reported = '';
      const sourceMedia = new CardFolders(join(stateDir, 'media'), source);
      const { counts, media, rounded } = await copyState(source, app.store, sourceMedia, (table, copied, total) => {
        // A line a table, and one every 10% of a long one.
        const step = `${table} ${Math.floor((copied / Math.max(total, 1)) * 10)}`;
        if (step !== reported || copied === total) app.log.info({ table, copied, total }, 'copying');
        reported = step;
      }).catch((err: unknown) => {
        throw err instanceof CopyRefusedError ? new UsageError(err.message) : err;
      });
      console.log(`Copied ${file} into ${target}:`);
      for (const [table, n] of Object.entries(counts)) console.log(`  ${table.padEnd(10)} ${n}`);
      console.log(`  ${'cards'.padEnd(10)} ${media.files}`);
      if (media.missing.length)
        console.log(
          `  ${media.missing.length} card files that posts name were not in ${sourceMedia.where} (the archive shows those posts without them): ${media.missing.join(', ')}`,
        );
      if (media.unreadable.length)
        console.log(
          `  ${media.unreadable.length} posts whose images cannot be read were copied without their cards (the outbox sets them aside): ${media.unreadable.map((u) => `${u.post} (${u.error})`).join(', ')}`,
        );
      if (rounded.size)
        console.log(
          `  fractions in integer columns, rounded (PostgreSQL's integers hold none): ${[...rounded].map(([column, n]) => `${column} ${n}`).join(', ')}`,
        );
      return 0;
    } finally {
      await source.close();
    }
  } finally {
    claim?.release();
  }
}
