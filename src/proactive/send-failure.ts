/**
 * A failed proactive send, reduced to what decides the next step: the HTTP status Teams answered
 * (undefined when nothing answered) and how long it asked us to wait.
 */
export class SendFailure extends Error {
  constructor(
    message: string,
    readonly status: number | undefined,
    readonly retryAfterMs: number | undefined,
    readonly code: string | undefined,
  ) {
    super(message);
    this.name = 'SendFailure';
  }
}

/** Thrown by a deliver function that decided, at the last moment, not to send (its lease was lost). */
export class SendCancelled extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'SendCancelled';
  }
}

/** `Retry-After` as seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.round(seconds * 1000);
  const at = Date.parse(value);
  return Number.isFinite(at) ? Math.max(0, at - now) : undefined;
}

interface ErrorLike {
  statusCode?: unknown;
  code?: unknown;
  message?: unknown;
  response?: { headers?: { get?(name: string): string | null | undefined } };
  body?: { error?: { code?: unknown; message?: unknown } };
}

/** What botbuilder's connector client threw (a RestError from the Azure core pipeline), as a SendFailure. */
export function toSendFailure(error: unknown): SendFailure {
  if (error instanceof SendFailure) return error;
  const e = (typeof error === 'object' && error !== null ? error : {}) as ErrorLike;
  const status = typeof e.statusCode === 'number' ? e.statusCode : undefined;
  const retryAfter = parseRetryAfter(e.response?.headers?.get?.('retry-after'));
  const bodyCode = typeof e.body?.error?.code === 'string' ? e.body.error.code : undefined;
  const code = bodyCode ?? (typeof e.code === 'string' ? e.code : undefined);
  const message = typeof e.message === 'string' ? e.message : String(error);
  return new SendFailure(message, status, retryAfter, code);
}
