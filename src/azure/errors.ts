import { isRestError } from '@azure/core-rest-pipeline';
import { AuthenticationError, AuthenticationRequiredError, CredentialUnavailableError } from '@azure/identity';
import { UserError } from '../domain/errors.js';

/**
 * Turns whatever an Azure call threw into words a person can act on. `doing` completes the
 * sentence "while …", e.g. "listing your role assignments".
 */
export function toUserError(error: unknown, doing: string): UserError {
  if (error instanceof UserError) return error;
  // Entra asking for consent or a fresh sign-in (AADSTS65001, 50076…) arrives as AuthenticationRequiredError.
  if (error instanceof AuthenticationError || error instanceof AuthenticationRequiredError || error instanceof CredentialUnavailableError) {
    return new UserError(`Azure did not accept your sign-in while ${doing}.`, {
      hint: 'Sign out and in again; if it keeps happening, ask your Azure administrator whether your account is enabled in this tenant.',
      reason: 'unauthenticated',
      cause: error,
    });
  }
  if (isRestError(error)) {
    const status = error.statusCode;
    const code = (error.code ?? '').toString();
    if (status === 401) {
      return new UserError(`Azure did not accept your sign-in while ${doing}.`, {
        hint: 'Say "sign out", then try again to get a fresh token.',
        reason: 'unauthenticated',
        cause: error,
      });
    }
    if (status === 403) {
      return new UserError(`You don't have permission for this in Azure (${code || 'Forbidden'}) while ${doing}.`, {
        hint: 'Ask an owner of the subscription or resource group for a role that allows it (for example Reader to read, Resource Policy Contributor for policy changes).',
        reason: 'forbidden',
        cause: error,
      });
    }
    if (status === 404) {
      return new UserError(`Azure could not find what was asked for while ${doing}.`, {
        hint: 'Check the name, or ask "whoami" to see which subscriptions you can read.',
        reason: 'not-found',
        cause: error,
      });
    }
    if (status === 429) {
      const retryAfter = error.response?.headers.get('retry-after');
      return new UserError(`Azure is throttling requests right now while ${doing}.`, {
        hint: retryAfter ? `Try again in ${retryAfter} seconds.` : 'Try again in a minute.',
        reason: 'throttled',
        cause: error,
      });
    }
    if (status !== undefined && status >= 500) {
      return new UserError(`Azure had a problem (${status}) while ${doing}.`, {
        hint: 'This is usually temporary: try again in a few minutes.',
        reason: 'azure-unavailable',
        cause: error,
      });
    }
    if (status === undefined) {
      return new UserError(`Azure could not be reached while ${doing}.`, {
        hint: 'Check the network path to Azure (or that the local emulator is running), then try again.',
        reason: 'unreachable',
        cause: error,
      });
    }
  }
  if (error instanceof Error && error.name === 'AbortError') {
    return new UserError(`Azure took too long to answer while ${doing}.`, {
      hint: 'Try again, or narrow the question (for example to one environment).',
      reason: 'timeout',
      cause: error,
    });
  }
  throw error;
}
