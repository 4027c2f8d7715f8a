import type { Config } from './config.ts';
import { createFetcher, type Fetcher, type FetchOptions } from './fetch/index.ts';
import type { Logger } from './log.ts';
import { DryRunPublisher, type Publisher } from './publish/index.ts';
import { pooledRenderer, type CardRenderer } from './render/renderer.ts';
import { runCycle, type CycleReport } from './schedule/cycle.ts';
import { Store } from './store/index.ts';

/** The stages wired together from the configuration: the one place that knows them all. */
export interface App {
  config: Config;
  log: Logger;
  store: Store;
  fetcher: Fetcher;
  publishers: Publisher[];
  renderer: CardRenderer;
  runCycle(options?: { force?: boolean; url?: string }): Promise<CycleReport>;
  close(): Promise<void>;
}

export function fetchOptionsFrom(config: Config): FetchOptions {
  return {
    userAgent: config.userAgent,
    robotsAgent: 'editwatch',
    connectTimeoutMs: config.connectTimeoutMs,
    totalTimeoutMs: config.fetchTimeoutMs,
    maxBytes: config.maxPageBytes,
    maxRedirects: config.maxRedirects,
    hostDelayMs: config.hostDelayMs,
    respectRobots: config.respectRobots,
    allowPrivate: config.allowPrivateHosts,
  };
}

/** `renderer`: a worker pool by default, so drawing cards never blocks the checking loop. */
export async function createApp(config: Config, log: Logger, now: () => Date = () => new Date(), renderer: CardRenderer = pooledRenderer(config.cardTheme)): Promise<App> {
  const store = await Store.open(config.databaseFile);
  const fetcher = createFetcher(fetchOptionsFrom(config));
  // Real network publishers arrive with the "Post for real" issue; config refuses credentials until then.
  const publishers: Publisher[] = config.networks.map((network) => new DryRunPublisher(network, config.outboxDir));
  log.debug({ stateDir: config.stateDir, networks: config.networks, dryRun: config.dryRun, outbox: config.outboxDir }, 'editwatch ready');
  return {
    config,
    log,
    store,
    fetcher,
    publishers,
    renderer,
    runCycle: (options) => runCycle({ store, fetcher, publishers, renderer, mediaDir: config.mediaDir, botName: config.botName, networks: config.networks, intervalMinutes: config.checkIntervalMinutes, now, log }, options),
    async close() {
      await renderer.close();
      await fetcher.close();
      await store.close();
    },
  };
}
