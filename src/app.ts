import type { Config } from './config.ts';
import { createFetcher, type Fetcher, type FetchOptions } from './fetch/index.ts';
import type { Logger } from './log.ts';
import { BlueskyPublisher } from './publish/bluesky.ts';
import { DryRunPublisher, type OutboxPost, type Publisher } from './publish/index.ts';
import { MastodonPublisher } from './publish/mastodon.ts';
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

/** One publisher per network: the real network where credentials are set, else the dry-run folder. */
export function createPublishers(config: Config, log: Logger): Publisher[] {
  const retry = { attempts: config.publish.attempts, baseMs: config.publish.backoffMs, maxWaitMs: config.publish.maxWaitMs };
  return config.networks.map((network): Publisher => {
    if (!config.dryRun && network === 'mastodon' && config.mastodon) {
      return new MastodonPublisher({ ...config.mastodon, visibility: config.mastodonVisibility, language: config.postLanguage, timeoutMs: config.publish.timeoutMs, retry }, log);
    }
    if (!config.dryRun && network === 'bluesky' && config.bluesky) {
      return new BlueskyPublisher({ ...config.bluesky, sessionFile: config.blueskySessionFile, language: config.postLanguage, timeoutMs: config.publish.timeoutMs, retry }, log);
    }
    return new DryRunPublisher(network, config.outboxDir);
  });
}

/** `renderer`: a worker pool by default, so drawing cards never blocks the checking loop. */
export interface AppOptions {
  now?: () => Date;
  renderer?: CardRenderer;
  /** Told after each step of sending a post: the crash tests kill the process there. */
  onPublishStep?: (post: OutboxPost, step: string) => void;
}

export async function createApp(config: Config, log: Logger, options: AppOptions = {}): Promise<App> {
  const now = options.now ?? (() => new Date());
  const renderer = options.renderer ?? pooledRenderer(config.cardTheme);
  const store = await Store.open(config.databaseFile);
  const fetcher = createFetcher(fetchOptionsFrom(config));
  const publishers = createPublishers(config, log);
  log.debug({ stateDir: config.stateDir, networks: config.networks, dryRun: config.dryRun, outbox: config.outboxDir }, 'editwatch ready');
  return {
    config,
    log,
    store,
    fetcher,
    publishers,
    renderer,
    runCycle: (runOptions) => runCycle({ store, fetcher, publishers, renderer, mediaDir: config.mediaDir, botName: config.botName, networks: config.networks, intervalMinutes: config.checkIntervalMinutes, now, log, ...(options.onPublishStep ? { onPublishStep: options.onPublishStep } : {}) }, runOptions),
    async close() {
      await renderer.close();
      await fetcher.close();
      await store.close();
    },
  };
}
