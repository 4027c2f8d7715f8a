import { createApp, type App } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { createLogger } from '../../src/log.ts';
import { BUILT_WORKERS } from './build-child.ts';

/** The real app on a temp state dir, allowed to fetch from 127.0.0.1, with a clock the test moves. */
export async function testApp(stateDir: string, env: Record<string, string> = {}) {
  const clock = { now: Date.parse('2026-11-25T08:00:00.000Z') };
  const config = loadConfig({
    EDITWATCH_STATE_DIR: stateDir,
    EDITWATCH_ALLOW_PRIVATE_HOSTS: 'true',
    EDITWATCH_HOST_DELAY_MS: '0',
    EDITWATCH_FETCH_TIMEOUT_MS: '1500',
    LOG_LEVEL: 'silent',
    ...env,
  });
  const app: App = await createApp(config, createLogger(config.log), {
    now: () => new Date(clock.now),
    workerDir: BUILT_WORKERS,
  });
  return {
    app,
    clock,
    advance(minutes: number) {
      clock.now += minutes * 60_000;
    },
  };
}
