import { createRequire } from 'node:module';
import { pino, type Logger } from 'pino';
import type Pretty from 'pino-pretty';

export type { Logger };

// Credentials never reach a log line, even if an object holding them is logged by mistake.
const REDACT = [
  'token',
  'password',
  'appPassword',
  'accessJwt',
  'refreshJwt',
  '*.token',
  '*.password',
  '*.appPassword',
  '*.accessJwt',
  '*.refreshJwt',
  'headers.authorization',
];

/** Structured logs on stderr (stdout is the command's output): JSON, or readable lines on a terminal. */
export function createLogger(options: { level: string; format: 'pretty' | 'json' }): Logger {
  const base = { level: options.level, redact: { paths: REDACT, censor: '[redacted]' }, base: undefined };
  if (options.format === 'pretty') {
    // Loaded only for a terminal: a command whose logs go to a file or a pipe does not pay for it.
    const pretty = createRequire(import.meta.url)('pino-pretty') as typeof Pretty;
    return pino(
      base,
      pretty({
        destination: 2,
        sync: true,
        colorize: process.stderr.isTTY,
        ignore: 'pid,hostname',
        translateTime: 'SYS:HH:MM:ss',
      }),
    );
  }
  return pino(base, pino.destination({ dest: 2, sync: true }));
}
