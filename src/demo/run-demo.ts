// `npm run demo`: a whole pass through editwatch with no network. A local site serves an article, the
// bot tracks it, checks it three times (new chrome only, then a real edit), and shows what it would post.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import pc from 'picocolors';
import { createApp } from '../app.ts';
import { loadConfig } from '../config.ts';
import { diffArticles } from '../diff/index.ts';
import { createLogger } from '../log.ts';
import type { DryRunPostFile } from '../publish/index.ts';
import { changesToText } from '../commands/terminal.ts';
import { DEMO_VERSIONS } from './article-page.ts';
import { startDemoServer } from './demo-server.ts';
import { startArchive } from '../commands/serve.ts';
import { DemoStateError, freshDemoState } from './demo-state.ts';

// The demo's own folder (EDITWATCH_STATE_DIR, else state/demo), emptied for a fresh run; see demo-state.ts.
let stateDir: string;
try {
  stateDir = freshDemoState(process.env);
} catch (err) {
  if (!(err instanceof DemoStateError)) throw err;
  console.error(`demo: ${err.message}`);
  process.exit(2);
}

const config = loadConfig({
  ...process.env,
  EDITWATCH_STATE_DIR: stateDir,
  // The demo site runs on 127.0.0.1, which the SSRF guard refuses unless told otherwise.
  EDITWATCH_ALLOW_PRIVATE_HOSTS: 'true',
  EDITWATCH_ALLOWED_DOMAINS: '',
  EDITWATCH_HOST_DELAY_MS: '0',
  EDITWATCH_DRY_RUN: 'true',
  LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
});

// A simulated clock, so the versions are as far apart as they would be in real life; it ends now.
let clock = Math.floor(Date.now() / 60_000) * 60_000 - 63 * 60_000;
const hhmm = () => new Date(clock).toISOString().slice(11, 16);
const app = await createApp(config, createLogger(config.log), { now: () => new Date(clock) });
const site = await startDemoServer();
const step = (text: string) => console.log(`\n${pc.bold(pc.cyan('▸'))} ${pc.bold(text)}`);

try {
  step(`A local news site serves an article at ${site.url}`);
  site.serve(DEMO_VERSIONS[0]!, 1);
  await app.store.articles.track(site.url, new Date(clock).toISOString(), 'demo');
  console.log('  editwatch track', site.url);

  step(`First check (${hhmm()} UTC): the first version is stored`);
  let report = await app.runCycle();
  console.log(`  ${report.results[0]!.result.outcome}`);

  clock += 20 * 60_000;
  step(`Second check (${hhmm()}): same article, different chrome (most-read list, ad slots, "updated" time)`);
  site.serve(DEMO_VERSIONS[1]!, 2);
  report = await app.runCycle({ force: true });
  console.log(`  ${report.results[0]!.result.outcome} — no new version, nothing to post`);

  clock += 43 * 60_000;
  step(`Third check (${hhmm()}): the newsroom has quietly edited the article`);
  site.serve(DEMO_VERSIONS[2]!, 3);
  report = await app.runCycle({ force: true });
  const result = report.results[0]!.result;
  console.log(`  ${result.outcome}`);

  const [first, , last] = await app.store.versions
    .all((await app.store.articles.get(site.url))!.id)
    .then((v) => [v[0], v[1], v[v.length - 1]]);
  step(`What changed (editwatch diff ${site.url})`);
  console.log(changesToText(diffArticles(first!.article, last!.article).changes).replace(/^/gm, '  '));

  step(`What would be posted (dry-run outbox: ${relative(process.cwd(), config.state.outboxDir)}/)`);
  for (const id of readdirSync(config.state.outboxDir).sort()) {
    const post = JSON.parse(readFileSync(join(config.state.outboxDir, id, 'post.json'), 'utf8')) as DryRunPostFile;
    console.log(`\n  ${pc.bold(`${post.network}`)} ${pc.dim(`${id}/post.json`)}`);
    console.log(post.text.replace(/^/gm, '  │ '));
    for (const image of post.images)
      console.log(
        `  │ ${pc.dim(`[${image.file}, ${image.width}x${image.height}]`)} alt: ${image.alt.split('\n')[1]?.slice(0, 90) ?? ''}…`,
      );
  }
  if (result.outcome !== 'new-version')
    throw new Error(`the demo expected a new version at the third check, got ${result.outcome}`);
  console.log(
    `\nState is in ${relative(process.cwd(), stateDir)}/ — try: EDITWATCH_STATE_DIR=${relative(process.cwd(), stateDir)} npx editwatch history ${site.url}`,
  );

  // The archive of the same state: the article's history, side by side.
  const archive = await startArchive(app, '127.0.0.1', config.archive.port).catch(() =>
    startArchive(app, '127.0.0.1', 0),
  );
  const articleId = (await app.store.articles.get(site.url))!.id;
  step('The archive, where anyone can check what changed');
  console.log(`  archive: ${archive.url}/articles/${articleId}`);
  console.log(pc.dim('  serving until Ctrl-C'));
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await new Promise<void>((resolve) => archive.server.close(() => resolve()));
} finally {
  await site.close();
  await app.close();
}
