import { isRestError, type PipelineResponse } from '@azure/core-rest-pipeline';
import { AuthenticationError, AuthenticationRequiredError, CredentialUnavailableError } from '@azure/identity';
import type { ExecutionResult } from '../../domain/approvals/index.js';
import { isUserError } from '../../domain/errors.js';

/** Azure's correlation id for one operation: the key to its activity log entry. */
export const CORRELATION_HEADER = 'x-ms-correlation-request-id';

/** Keeps the status and correlation id of an operation's first response (later ones are polls). */
export class ResponseRecorder {
  status: number | undefined;
  correlationId: string | undefined;

  readonly onResponse = (response: Pick<PipelineResponse, 'status' | 'headers'>): void => {
    if (this.status !== undefined) return;
    this.status = response.status;
    this.correlationId = response.headers.get(CORRELATION_HEADER) ?? undefined;
  };
}

const AUTHORIZATION_FAILED = /perform action '([^']+)' over scope '([^']+)'/i;

type Failure = Extract<ExecutionResult, { ok: false }>;

/**
 * What went wrong, in the shape the approval flow records. Refusals that another approver (or a later
 * try) could overcome keep the request open: 401, 403, 409, 429, 5xx and an unreachable Azure.
 */
export function failureOf(error: unknown, recorder?: ResponseRecorder): Failure {
  if (isRestError(error)) {
    const status = error.statusCode ?? 0;
    const correlationId = error.response?.headers.get(CORRELATION_HEADER) ?? recorder?.correlationId;
    const code = String(error.code ?? (status === 0 ? 'Unreachable' : `Http${status}`));
    const denied = status === 403 ? AUTHORIZATION_FAILED.exec(error.message) : null;
    return {
      ok: false,
      // 409: another operation is changing the resource; the same change can succeed once it ends.
      retryable: status === 0 || status === 401 || status === 403 || status === 408 || status === 409 || status === 429 || status >= 500,
      status,
      code,
      message: status === 409 ? `Azure is busy with another change to this resource (${code}); nothing was changed. Try again once that change has finished.` : error.message,
      ...(denied ? { action: denied[1] as string, scope: denied[2] as string } : {}),
      ...(correlationId ? { correlationId } : {}),
    };
  }
  const signIn = error instanceof AuthenticationError || error instanceof AuthenticationRequiredError || error instanceof CredentialUnavailableError;
  if (signIn || (isUserError(error) && ['unknown-user', 'unauthenticated', 'unreachable'].includes(error.reason))) {
    return { ok: false, retryable: true, status: 401, code: 'SignInFailed', message: (error as Error).message };
  }
  if (error instanceof Error && error.name === 'AbortError') {
    return { ok: false, retryable: true, status: 0, code: 'Timeout', message: 'Azure took too long to answer.' };
  }
  throw error;
}
