import { createArchiveApp } from '../../src/archive/server.ts';
import { createLogger } from '../../src/log.ts';
import { cardMediaOf } from '../../src/publish/card-folder.ts';
import { DEFAULT_POLICY } from '../../src/schedule/policy.ts';
import type { Store } from '../../src/store/index.ts';

/** The archive's Hono app over a store, on the default settings and silent: pages through `request()`, no port. */
export function archiveApp(store: Store, mediaDir: string) {
  return createArchiveApp({
    store,
    media: cardMediaOf(store, mediaDir),
    botName: 'editwatch',
    policy: DEFAULT_POLICY,
    publicUrl: null,
    log: createLogger({ level: 'silent', format: 'json' }),
  });
}
