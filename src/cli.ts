import { Command, CommanderError, InvalidArgumentError } from 'commander';
import type { App } from './app.ts';
import type { StateAccess } from './commands/state-access.ts';
import type { StateApp } from './open-state.ts';
import { VERSION } from './version.ts';

// Exit codes: 0 done, 1 some inputs refused, 2 bad usage or configuration, 3 could not run.
// Only Commander and the version load up front: each command's modules (the app, its stages, the error
// classes) load when it runs, so `--help` or a typo costs a few tens of milliseconds.

const withApp = async (run: (app: App) => Promise<number>, access?: StateAccess, command?: string) =>
  (await import('./commands/with-app.ts')).withApp(run, access, command);
const withState = async (run: (app: StateApp) => Promise<number>, access?: StateAccess, command?: string) =>
  (await import('./commands/with-app.ts')).withState(run, access, command);

const positiveInt = (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a whole number from 1 (1, 2, …)');
  return n;
};

const program = new Command()
  .name('editwatch')
  .description('Watches news articles, notices silent edits, and posts the changes.')
  .version(VERSION)
  .showHelpAfterError()
  // Commander exits 1 on its own usage errors; throwing instead lets them exit 2 with ours. Set before
  // the commands are added, which inherit it.
  .exitOverride();

program
  .command('track')
  .description('start watching articles')
  .argument('<url...>')
  .action((urls: string[]) =>
    withState(async (app) => (await import('./commands/track.ts')).track(app, urls), 'write', 'track'),
  );
program
  .command('untrack')
  .description('stop watching articles (history is kept)')
  .argument('<url...>')
  .action((urls: string[]) =>
    withState(async (app) => (await import('./commands/track.ts')).untrack(app, urls), 'write', 'untrack'),
  );
program
  .command('list')
  .description('tracked articles with last check, versions and next due time')
  .option('--limit <n>', 'show at most n articles (default 50)', positiveInt)
  .option('--after <id>', 'the next page: the articles after article id, as the last page said', positiveInt)
  .action((options: { limit?: number; after?: number }) =>
    withState(async (app) => (await import('./commands/list.ts')).list(app, options)),
  );
program
  .command('status')
  .description('what the bot is doing: the queue (due, overdue, failing, retired), the outbox, feeds and requests')
  .action(() => withState(async (app) => (await import('./commands/status.ts')).status(app)));
program
  .command('check')
  .description('run one cycle: fetch due articles, store new versions, queue and publish posts')
  .option('--force', 'check every tracked article, due or not')
  .option('--url <url>', 'check only this article')
  .action((options: { force?: boolean; url?: string }) =>
    withApp(async (app) => (await import('./commands/check.ts')).check(app, options), 'check', 'check'),
  );
program
  .command('extract')
  .description('show the article extracted from a page (a URL or a saved HTML file)')
  .argument('<url|file>')
  .option('--json', 'print the Article as JSON')
  .action(async (target: string, options: { json?: boolean }) => {
    const config = (await import('./commands/with-app.ts')).configFromEnv();
    const { createFetcher } = await import('./fetch/index.ts');
    const fetcher = () => createFetcher({ ...config.fetch, hostDelayMs: 0 });
    const { extract } = await import('./commands/extract.ts');
    process.exitCode = await extract(target, fetcher, options);
  });
program
  .command('history')
  .description('versions of an article with their times')
  .argument('<url>')
  .action((url: string) => withState(async (app) => (await import('./commands/history.ts')).history(app, url)));
program
  .command('diff')
  .description('what changed between two versions, as coloured text')
  .argument('<url>')
  .option('--from <n>', 'older version (default: the one before --to)', positiveInt)
  .option('--to <n>', 'newer version (default: the latest)', positiveInt)
  .action((url: string, options: { from?: number; to?: number }) =>
    withState(async (app) => (await import('./commands/history.ts')).diff(app, url, options)),
  );
program
  .command('render')
  .description("draw the cards of an article's latest change (or of version --to) into a folder, with alt text")
  .argument('<url>')
  .option('--out <dir>', 'folder for the PNG files (default: cards/article-<id>-v<version>)')
  .option('--theme <theme>', 'light or dark (default: EDITWATCH_CARD_THEME)', (v: string) => {
    if (v !== 'light' && v !== 'dark') throw new InvalidArgumentError('expected light or dark');
    return v;
  })
  .option('--to <n>', 'the version whose change to draw (default: the latest)', positiveInt)
  .action((url: string, options: { out?: string; theme?: 'light' | 'dark'; to?: number }) =>
    withState(async (app) => (await import('./commands/render.ts')).render(app, url, options)),
  );
const outboxCommand = program
  .command('outbox')
  .description('posts waiting, sent and failed, with their errors')
  .option('--state <states>', 'only these states (comma-separated: pending, sending, failed, posted)')
  .option('--limit <n>', 'show at most n posts (default 50)', positiveInt)
  .action((options: { state?: string; limit?: number }) =>
    withState(async (app) => (await import('./commands/outbox.ts')).outbox(app, options)),
  );
outboxCommand
  .command('retry')
  .description('queue a failed post again')
  .argument('<post-id>')
  .action((id: string) =>
    withState(async (app) => (await import('./commands/outbox.ts')).retryPost(app, id), 'write', 'outbox retry'),
  );
program
  .command('serve')
  .description("serve the archive: every article's history, side-by-side diffs, Atom feeds, a JSON API")
  .option('--host <host>', 'address to listen on (default: EDITWATCH_ARCHIVE_HOST, 127.0.0.1)')
  .option('--port <n>', 'port (default: EDITWATCH_ARCHIVE_PORT, 8080)', (v: string) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0 || n > 65535)
      throw new InvalidArgumentError('expected a port number from 0 to 65535');
    return n;
  })
  .action((options: { host?: string; port?: number }) =>
    withState(async (app) => (await import('./commands/serve.ts')).serveCommand(app, options)),
  );
program
  .command('export')
  .description('write every article with all its versions and changes, for research')
  .requiredOption('--format <format>', 'jsonl: one article a line')
  .option('--out <file>', 'write to a file (default: standard output)')
  .action((options: { format: string; out?: string }) =>
    withState(async (app) => (await import('./commands/export.ts')).exportCommand(app, options)),
  );
program
  .command('migrate')
  .description('copy a SQLite state into the PostgreSQL database of EDITWATCH_DATABASE_URL (which must be empty)')
  .requiredOption('--from <file>', 'the SQLite state to copy, e.g. state/editwatch.sqlite')
  .action((options: { from: string }) =>
    withState(
      async (app) => (await import('./commands/migrate.ts')).migrateFrom(app, options.from),
      'check',
      'migrate',
    ),
  );
program
  .command('start')
  .description('run the bot: check on a schedule until stopped (SIGINT/SIGTERM)')
  .action(() => withApp(async (app) => (await import('./commands/start.ts')).start(app), 'start', 'start'));

try {
  await program.parseAsync();
} catch (err) {
  // Commander has said what was wrong (unknown command or option, missing argument, bad value); --help
  // and --version are not errors.
  if (err instanceof CommanderError) process.exitCode = err.exitCode === 0 ? 0 : 2;
  else process.exitCode = (await import('./commands/report-error.ts')).reportError(err);
}
