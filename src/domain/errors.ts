/**
 * The one error type whose message is shown to users verbatim. Everything else is reported as
 * "Something went wrong (ref …)" and logged with that reference.
 */
export class UserError extends Error {
  /** What the user can do about it, shown under the message. */
  readonly hint: string | undefined;
  /** A short machine-readable reason, for tests and logs (e.g. `forbidden`, `throttled`, `unknown-user`). */
  readonly reason: string;

  constructor(message: string, options: { hint?: string; reason?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'UserError';
    this.hint = options.hint;
    this.reason = options.reason ?? 'user-error';
  }
}

export function isUserError(error: unknown): error is UserError {
  return error instanceof UserError;
}
