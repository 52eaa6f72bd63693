import { isRestError, RestError } from '@azure/core-rest-pipeline';
import { AuthenticationError, AuthenticationRequiredError } from '@azure/identity';
import { describe, expect, test } from 'vitest';
import { toUserError } from '../../../src/azure/errors.js';

/** Every kind of sign-in refusal the SDK raises reads as a sign-in problem, never an internal error. */
describe('toUserError', () => {
  test('refused sign-ins of every kind become plain words', () => {
    const kinds = [
      new AuthenticationError(400, { error: 'invalid_grant', error_description: 'AADSTS50057: The user account is disabled.' }),
      new AuthenticationRequiredError({ scopes: ['https://management.azure.com/.default'], message: 'AADSTS65001: The user or administrator has not consented.' }),
    ];
    for (const error of kinds) {
      expect(toUserError(error, 'listing your subscriptions')).toMatchObject({ reason: 'unauthenticated', message: 'Azure did not accept your sign-in while listing your subscriptions.' });
    }
    const rest = new RestError('denied', { statusCode: 403, code: 'AuthorizationFailed' });
    expect(isRestError(rest)).toBe(true);
    expect(toUserError(rest, 'reading').reason).toBe('forbidden');
  });
});
