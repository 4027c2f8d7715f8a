import type { App } from '../app.ts';
import { loadConfig, loadDotenvFile, type Config } from '../config.ts';
import { createLogger, type Logger } from '../log.ts';
import type { StateApp } from '../open-state.ts';
import { claimState, StateBusyError, type StateAccess, type StateClaim } from './state-access.ts';

/** The configuration from the environment, with `.env` of the working folder read first. */
export function configFromEnv(): Config {
  loadDotenvFile();
  return loadConfig();
}

/** For the commands that run checks (check, start): every stage wired. */
export const withApp = (run: (app: App) => Promise<number>, access?: StateAccess, command?: string) =>
  withOpened(
    async (config, log) => (await import('../app.ts')).createApp(config, log, command ? { command } : {}),
    run,
    access,
    command,
  );

/** For the commands that only read or edit the state: the store alone, which starts far faster. */
export const withState = (run: (app: StateApp) => Promise<number>, access?: StateAccess, command?: string) =>
  withOpened(async (config, log) => (await import('../open-state.ts')).openState(config, log), run, access, command);

/** Loads config, takes what the command needs of the state (see state-access.ts), opens it, and always closes it. */
async function withOpened<T extends StateApp>(
  open: (config: Config, log: Logger) => Promise<T>,
  run: (app: T) => Promise<number>,
  access: StateAccess = 'read',
  command = process.argv[2] ?? 'editwatch',
): Promise<void> {
  const config = configFromEnv();
  let claim: StateClaim;
  try {
    claim = await claimState(config.state, command, access);
  } catch (err) {
    if (!(err instanceof StateBusyError)) throw err;
    console.error(`editwatch: ${err.message}`);
    process.exitCode = 3;
    return;
  }
  try {
    const app = await open(config, createLogger(config.log));
    claim.opened();
    try {
      process.exitCode = await run(app);
    } finally {
      await app.close();
    }
  } finally {
    claim.release();
  }
}
