import type { App } from '../app.ts';
import { normaliseArticleUrl } from '../sources/article-url.ts';
import { onStopSignals } from './stop-signals.ts';

export async function check(app: App, options: { force?: boolean; url?: string }): Promise<number> {
  const url = options.url ? normaliseArticleUrl(options.url) : undefined;
  if (url && !(await app.store.articles.get(url))) {
    console.error(`${url} is not tracked; track it first with: npx editwatch track ${url}`);
    return 2;
  }
  const stop = onStopSignals(app.log);
  app.extractor.warm();
  const report = await app.runCycle({ force: options.force, url, signal: stop.signal });
  const stopped = stop.exitCode() !== null;
  if (report.checked === 0 && !stopped) {
    // Articles of a host that asked for a pause are not due: say so rather than that nothing is tracked.
    const paused = await app.store.pauses.running(new Date().toISOString(), 'host:');
    for (const p of paused)
      console.log(`not checked before ${p.resumeAt}: ${p.scope.slice('host:'.length)} asked for a pause (${p.reason})`);
    if (paused.length === 0)
      console.log(options.force ? 'Nothing is tracked.' : 'Nothing is due; use --force to check every article now.');
  }
  for (const { url: u, result } of report.results) {
    switch (result.outcome) {
      case 'first-version':
        console.log(`first version stored: ${u}`);
        break;
      case 'new-version':
        console.log(`changed (version ${result.seq}, ${result.diff.changes.length} changes): ${u}`);
        break;
      case 'minor-version':
        console.log(
          `minor version ${result.seq} stored, not posted (typography, spacing or a split; no word changed): ${u}`,
        );
        break;
      case 'error':
        console.log(`failed: ${result.message}`);
        break;
      case 'aborted':
        console.log(`stopped before it finished, still due: ${u}`);
        break;
      default:
        console.log(`${result.outcome}: ${u}`);
    }
  }
  const { posted, failed, pending } = report.publish;
  if (posted || failed || pending) {
    const where = app.config.publish.dryRun ? ` to the dry-run outbox ${app.config.state.outboxDir}` : '';
    console.log(`posts: ${posted} sent${where}, ${failed} failed, ${pending} waiting`);
  }
  const { articleErrors } = report.faults;
  if (articleErrors)
    console.log(
      `${articleErrors} ${articleErrors === 1 ? 'article' : 'articles'} could not be checked (the log says why); checked again next run`,
    );
  // The state could not be written: one line, the file and what to do; the rest is made again next run.
  if (report.faults.stateFault) {
    console.error(`editwatch: ${report.faults.stateFault}`);
    return 3;
  }
  if (stopped) console.log('stopped by a signal: what was not checked or sent waits for the next run');
  return stop.exitCode() ?? 0;
}
