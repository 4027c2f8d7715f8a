import type { Config } from './config.ts';
import { createExtractor, type Extractor, type ExtractorOptions } from './extract/extractor.ts';
import { createFetcher, type Fetcher } from './fetch/index.ts';
import type { Logger } from './log.ts';
import { changeAnnouncer } from './schedule/announce.ts';
import { cardMediaOf } from './publish/card-folder.ts';
import { DryRunPublisher, type OutboxPost, type Publisher } from './publish/index.ts';
import { pooledRenderer, type CardRenderer } from './render/renderer.ts';
import { runCycle, type CycleOptions, type CycleReport } from './schedule/cycle.ts';
import { CyclePace } from './schedule/pace.ts';
import { Worker } from './schedule/worker.ts';
import type { CycleSource } from './sources/types.ts';
import type { MentionReader } from './requests/mentions/types.ts';
import { requestAnswers } from './requests/answer.ts';
import { requestSource } from './requests/intake.ts';
import { Store } from './store/index.ts';
import type { StateApp } from './open-state.ts';

/** The stages wired together from the configuration: the one place that knows them all. */
export interface App extends StateApp {
  fetcher: Fetcher;
  publishers: Publisher[];
  renderer: CardRenderer;
  extractor: Extractor;
  runCycle(options?: CycleOptions): Promise<CycleReport>;
}

/** Checks due within this long are made now: a tick's own time would otherwise push them a tick late. */
const DUE_SLACK_MS = 30_000;

/** Extraction in a worker with the configured time limit; a worker that fails between pages is logged. */
export function extractorOptionsFrom(config: Config, log?: Logger): ExtractorOptions {
  return {
    ...config.extract,
    onWorkerError: (err) => log?.warn({ err: err.message }, 'an extraction worker failed and was replaced'),
  };
}

/**
 * One publisher per network: the real network where credentials are set, else the dry-run folder; and a
 * mention reader for each network the bot really posts to (none in a dry run). A network's client
 * library is loaded only when it is used: @atproto/api alone costs a process start about half a second.
 */
async function connectNetworks(
  config: Config['publish'],
  outboxDir: string,
  log: Logger,
): Promise<{ publishers: Publisher[]; readers: MentionReader[] }> {
  const publishers: Publisher[] = [];
  const readers: MentionReader[] = [];
  for (const network of config.networks) {
    if (!config.dryRun && network === 'mastodon' && config.mastodon) {
      const [{ MastodonPublisher }, { MastodonMentions }] = await Promise.all([
        import('./publish/mastodon.ts'),
        import('./requests/mentions/mastodon.ts'),
      ]);
      const publisher = new MastodonPublisher(config.mastodon, log);
      publishers.push(publisher);
      readers.push(new MastodonMentions(publisher));
    } else if (!config.dryRun && network === 'bluesky' && config.bluesky) {
      const [{ BlueskyPublisher }, { BlueskyMentions }] = await Promise.all([
        import('./publish/bluesky.ts'),
        import('./requests/mentions/bluesky.ts'),
      ]);
      const publisher = new BlueskyPublisher(config.bluesky, log);
      publishers.push(publisher);
      readers.push(new BlueskyMentions(publisher));
    } else publishers.push(new DryRunPublisher(network, outboxDir));
  }
  return { publishers, readers };
}

/** `renderer`: a worker pool by default, so drawing cards never blocks the checking loop. */
export interface AppOptions {
  now?: () => Date;
  renderer?: CardRenderer;
  /** A worker with a time and memory limit by default, so no page can stall the checking loop. */
  extractor?: Extractor;
  /** Told after each step of sending a post: the crash tests kill the process there. */
  onPublishStep?: (post: OutboxPost, step: string) => void;
  /** The folder of the worker modules, when not beside this code: the tests' build of them. */
  workerDir?: URL;
  /** The command this process runs (start, check), as `status` lists it among the workers. */
  command?: string;
}

export async function createApp(config: Config, log: Logger, options: AppOptions = {}): Promise<App> {
  const now = options.now ?? (() => new Date());
  const { workerDir } = options;
  const renderer = options.renderer ?? pooledRenderer(config.cards.theme, { workerDir });
  const extractor = options.extractor ?? createExtractor({ ...extractorOptionsFrom(config, log), workerDir });
  const store = await Store.open(config.state.database);
  // Workers sharing a PostgreSQL database share each host's pause too; alone on SQLite, this process keeps it.
  const fetcher = createFetcher({
    ...config.fetch,
    ...(store.dialect === 'postgres'
      ? { sharedTurns: (host: string, pauseMs: number) => store.workers.hostTurn(host, pauseMs, Date.now()) }
      : {}),
  });
  const { publishers, readers: allReaders } = await connectNetworks(config.publish, config.state.outboxDir, log);
  const sources: CycleSource[] = [];
  const readers = config.requests.enabled ? allReaders : [];
  if (readers.length) {
    sources.push(
      requestSource({
        store,
        log,
        now,
        readers,
        allowPrivateHosts: config.fetch.allowPrivate,
        requests: config.requests,
      }),
    );
  }
  if (config.feeds.urls.length) {
    const { feedSource } = await import('./sources/feeds.ts');
    sources.push(
      feedSource({
        store,
        fetcher,
        log,
        now,
        feeds: config.feeds.urls,
        intervalMinutes: config.feeds.intervalMinutes,
        ...config.tracking,
        maxItemAgeMs: config.schedule.policy.retireAfterMs,
      }),
    );
  }
  const pace = new CyclePace(config.schedule.maxChecksPerCycle);
  const media = cardMediaOf(store, config.state.mediaDir);
  const announce = changeAnnouncer({
    store,
    renderer,
    media,
    botName: config.cards.botName,
    networks: config.publish.networks,
    publicUrl: config.archive.publicUrl,
    log,
  });
  // This process among the workers on the database: registered at its first cycle, by then it checks.
  const worker = new Worker({
    store,
    log,
    now,
    command: options.command ?? 'editwatch',
    leaseMs: config.state.leaseMs,
  });
  let joined: Promise<void> | null = null;
  const join = () =>
    (joined ??= worker.start().catch((err: unknown) => {
      joined = null;
      throw err;
    }));
  log.debug(
    {
      stateDir: config.state.dir,
      networks: config.publish.networks,
      dryRun: config.publish.dryRun,
      outbox: config.state.outboxDir,
    },
    'editwatch ready',
  );
  return {
    config,
    log,
    store,
    fetcher,
    publishers,
    renderer,
    extractor,
    runCycle: async (runOptions) => {
      await join();
      return runCycle(
        {
          worker,
          store,
          fetcher,
          publishers,
          sources,
          // Requests read earlier are answered even when mentions are no longer read.
          afterChecks: [requestAnswers({ store, log, now })],
          extractor,
          announce,
          media,
          ...config.schedule,
          pace,
          ...config.tracking,
          dueSlackMs: DUE_SLACK_MS,
          now,
          log,
          ...(options.onPublishStep ? { onPublishStep: options.onPublishStep } : {}),
        },
        runOptions,
      );
    },
    async close() {
      // Gives back what it holds at once, rather than when its leases run out.
      if (joined)
        await joined
          .then(() => worker.stop())
          .catch((err: unknown) => log.warn({ err: (err as Error).message }, 'could not sign this worker off'));
      await renderer.close();
      await extractor.close();
      await fetcher.close();
      await store.close();
    },
  };
}
