import { pino, type Logger } from 'pino';
import pretty from 'pino-pretty';

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
