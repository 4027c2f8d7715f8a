import { createApp, type App } from '../app.ts';
import { loadConfig, loadDotenvFile, type Config } from '../config.ts';
import { createLogger } from '../log.ts';
import { claimState, StateBusyError, type StateAccess, type StateClaim } from './state-access.ts';

/** The configuration from the environment, with `.env` of the working folder read first. */
export function configFromEnv(): Config {
  loadDotenvFile();
  return loadConfig();
}

/** Loads config, takes what the command needs of the state (see state-access.ts), wires the app, and always closes it. */
export async function withApp(
  run: (app: App) => Promise<number>,
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
    const app = await createApp(config, createLogger(config.log));
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
