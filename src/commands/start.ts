import type { App } from '../app.ts';
import { describePolicy } from '../schedule/policy.ts';
import { databaseName } from '../store/location.ts';
import { startScheduler } from '../schedule/scheduler.ts';
import { cycleUnderLock } from './state-access.ts';
import { onStopSignals } from './stop-signals.ts';

/** The long-running bot: cycles on the cron expression until SIGINT/SIGTERM, which stop the work in hand. */
export async function start(app: App): Promise<number> {
  const { config, log } = app;
  log.info(
    {
      cron: config.schedule.cron,
      stateDir: config.state.dir,
      database: databaseName(config.state.database),
      dryRun: config.publish.dryRun,
      networks: config.publish.networks,
      schedule: describePolicy(config.schedule.policy),
    },
    'editwatch started',
  );
  if (!(await app.store.articles.any()) && config.feeds.urls.length === 0)
    log.info(
      'no articles tracked yet and no feeds to follow; add one with: npx editwatch track <url>, or set EDITWATCH_FEEDS',
    );
  app.extractor.warm();
  const stop = onStopSignals(log);
  // Each cycle under the state's write lock, so a `track` beside it waits for the cycle in hand, not for start to end.
  const scheduler = startScheduler(
    config.schedule.cron,
    (signal, deadline) => cycleUnderLock(config.state, log, () => app.runCycle({ signal, deadline })),
    log,
  );
  await stop.stopped;
  // Aborts the cycle in hand and waits for it: its articles are cut short and stay due.
  await scheduler.stop();
  log.info('stopped');
  return stop.exitCode() ?? 0;
}
