/**
 * An error as it may be logged from sign-in and protocol code: name, message, status and stack,
 * with anything shaped like a JWT cut out. Errors from HTTP clients can carry the request they
 * made, bearer header included; serializing the whole object would write it to the log.
 */
export interface SafeError {
  type: string;
  message: string;
  statusCode?: number;
  code?: string;
  stack?: string;
}

const JWT = /eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*/g;

export function scrubTokens(text: string): string {
  return text.replace(JWT, '[token]');
}

export function safeError(error: unknown): SafeError {
  if (!(error instanceof Error)) return { type: typeof error, message: scrubTokens(String(error)) };
  const { statusCode, code } = error as { statusCode?: unknown; code?: unknown };
  return {
    type: error.name,
    message: scrubTokens(error.message),
    ...(typeof statusCode === 'number' ? { statusCode } : {}),
    ...(typeof code === 'string' ? { code } : {}),
    ...(error.stack ? { stack: scrubTokens(error.stack) } : {}),
  };
}
