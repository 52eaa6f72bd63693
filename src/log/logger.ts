import { randomBytes } from 'node:crypto';
import { pino, type Logger } from 'pino';
import { currentTurn } from '../observability/turn-scope.js';

export type { Logger } from 'pino';

/** Keys that may carry credentials, at the top of a log object or one or two levels down. */
const SECRET_KEYS = [
  'authorization',
  'cookie',
  'token',
  'accessToken',
  'refreshToken',
  'idToken',
  'access_token',
  'refresh_token',
  'id_token',
  'assertion',
  'clientAssertion',
  'client_assertion',
  'clientSecret',
  'client_secret',
  'appPassword',
  'password',
  'secret',
  'connectionString',
  'privateKey',
  'MICROSOFT_APP_PASSWORD',
  'AZURE_CLIENT_SECRET',
  'DIGEST_CLIENT_SECRET',
  'AZURE_STORAGE_CONNECTION_STRING',
  'APPLICATIONINSIGHTS_CONNECTION_STRING',
];

/** Paths that may carry credentials; pino replaces their values before anything is written. */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'headers.authorization',
  ...SECRET_KEYS.flatMap((key) => [key, `*.${key}`, `*.*.${key}`]),
];

/** Credentials that turn up inside free text (error messages, stacks): JWTs, bearer values, key=value secrets. */
const SECRET_TEXT: readonly [RegExp, string][] = [
  [/\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g, '[redacted]'],
  [/\b(Bearer\s+)[A-Za-z0-9._~+/=-]{8,}/gi, '$1[redacted]'],
  [/\b(AccountKey|SharedAccessSignature|SharedAccessKey|client_secret|client_assertion|assertion|password|sig)=[^;&\s"']+/gi, '$1=[redacted]'],
];

export function scrubSecrets(text: string): string {
  return SECRET_TEXT.reduce((out, [pattern, replacement]) => out.replace(pattern, replacement), text);
}

/** pino's error serializer, with credentials scrubbed from the message and stack. */
function errSerializer(error: unknown): unknown {
  const serialized = pino.stdSerializers.err(error as Error) as unknown as Record<string, unknown>;
  if (typeof serialized !== 'object' || serialized === null) return serialized;
  for (const key of ['message', 'stack']) {
    if (typeof serialized[key] === 'string') serialized[key] = scrubSecrets(serialized[key] as string);
  }
  return serialized;
}

export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger {
  return pino(
    {
      level,
      base: { service: 'shipshape' },
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      serializers: { err: errSerializer },
      // Inside a turn, every line carries its turn, activity and correlation ids, whoever logs it.
      mixin: () => ({ ...currentTurn() }),
    },
    destination ?? process.stdout,
  );
}

/** A short reference shown to users with unexpected errors, and logged with the details. */
export function errorRef(): string {
  return randomBytes(3).toString('hex');
}
