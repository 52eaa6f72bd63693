import { randomBytes } from 'node:crypto';
import { pino, type Logger } from 'pino';

export type { Logger } from 'pino';

/** Paths that may carry credentials; pino replaces their values before anything is written. */
const REDACT = [
  'req.headers.authorization',
  'headers.authorization',
  '*.authorization',
  '*.token',
  '*.accessToken',
  '*.assertion',
  '*.clientSecret',
  '*.appPassword',
  '*.password',
  '*.secret',
];

export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger {
  return pino(
    { level, base: { service: 'shipshape' }, redact: { paths: REDACT, censor: '[redacted]' } },
    destination ?? process.stdout,
  );
}

/** A short reference shown to users with unexpected errors, and logged with the details. */
export function errorRef(): string {
  return randomBytes(3).toString('hex');
}
