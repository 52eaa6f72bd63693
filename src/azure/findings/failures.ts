import { isRestError } from '@azure/core-rest-pipeline';
import { isUserError } from '../../domain/errors.js';

/**
 * Why part of the estate could not be read, in a few words for the "what is missing" line of a
 * partial answer. Retries have already happened by the time a failure gets here.
 */
export function describeFailure(error: unknown): string {
  if (isUserError(error)) return error.message;
  if (error instanceof Error && error.name === 'AbortError') return 'stopped: took too long';
  if (isRestError(error)) {
    const status = error.statusCode;
    if (status === 403) return `no permission to read it (${error.code ?? 'AuthorizationFailed'})`;
    if (status === 404) return 'not found';
    if (status === 429) return 'Azure kept throttling the requests';
    if (status !== undefined && status >= 500) return `Azure answered ${status} after retries`;
    if (error.code === 'ETIMEDOUT') return 'no answer from Azure after retries';
    if (status === undefined) return 'Azure could not be reached';
    return `Azure answered ${status}`;
  }
  return 'could not be read';
}
