import type { Config } from './config.ts';
import type { Logger } from './log.ts';
import { Store } from './store/index.ts';

/**
 * What a command that reads or edits the state needs (list, status, track, history, serve, export …):
 * the store, without the fetcher, the worker pools or the networks that the checking loop needs, so such a
 * command starts in a fraction of the time.
 */
export interface StateApp {
  config: Config;
  log: Logger;
  store: Store;
  close(): Promise<void>;
}

export async function openState(config: Config, log: Logger): Promise<StateApp> {
  const store = await Store.open(config.state.database);
  return { config, log, store, close: () => store.close() };
}
