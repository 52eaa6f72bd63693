import { randomUUID } from 'node:crypto';

/**
 * An answer in the Microsoft identity platform's error shape:
 * `{ error, error_description: "AADSTS…: text\r\nTrace ID…", error_codes, timestamp, trace_id, correlation_id, error_uri }`.
 * MSAL surfaces `error_description` to the caller, so the AADSTS text is what people will read.
 */
export class EntraError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    readonly aadsts: number,
    readonly description: string,
  ) {
    super(`AADSTS${aadsts}: ${description}`);
    this.name = 'EntraError';
  }

  body(origin: string, correlationId: string = randomUUID()): Record<string, unknown> {
    const traceId = randomUUID();
    const now = new Date();
    const timestamp = now.toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z');
    return {
      error: this.error,
      error_description: `AADSTS${this.aadsts}: ${this.description}\r\nTrace ID: ${traceId}\r\nCorrelation ID: ${correlationId}\r\nTimestamp: ${timestamp}`,
      error_codes: [this.aadsts],
      timestamp,
      trace_id: traceId,
      correlation_id: correlationId,
      error_uri: `${origin}/error?code=${this.aadsts}`,
    };
  }
}

export const entraErrors = {
  missingParameter: (name: string) => new EntraError(400, 'invalid_request', 900144, `The request body must contain the following parameter: '${name}'.`),
  tenantNotFound: (tenant: string) =>
    new EntraError(
      400,
      'invalid_tenant',
      90002,
      `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant.`,
    ),
  unsupportedGrant: (grant: string) =>
    new EntraError(400, 'unsupported_grant_type', 70003, `The app requested an unsupported grant type '${grant}'.`),
  unknownClient: (appId: string, tenantId: string) =>
    new EntraError(
      400,
      'unauthorized_client',
      700016,
      `Application with identifier '${appId}' was not found in the directory '${tenantId}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`,
    ),
  disabledClient: (appId: string) => new EntraError(400, 'unauthorized_client', 7000112, `Application '${appId}' is disabled.`),
  missingSecret: () =>
    new EntraError(401, 'invalid_client', 7000218, "The request body must contain the following parameter: 'client_assertion' or 'client_secret'."),
  badSecret: (appId: string) =>
    new EntraError(
      401,
      'invalid_client',
      7000215,
      `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${appId}'.`,
    ),
  unknownResource: (resource: string, tenantId: string) =>
    new EntraError(
      400,
      'invalid_resource',
      500011,
      `The resource principal named ${resource} was not found in the tenant named ${tenantId}. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You might have sent your authentication request to the wrong tenant.`,
    ),
  invalidScope: (scope: string) =>
    new EntraError(400, 'invalid_scope', 70011, `The provided value for the input parameter 'scope' is not valid. The scope '${scope}' is not valid.`),
  clientCredentialsScope: (scope: string) =>
    new EntraError(
      400,
      'invalid_scope',
      1002012,
      `The provided value for scope ${scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`,
    ),
  malformedAssertion: () => new EntraError(400, 'invalid_request', 50027, 'JWT token is invalid or malformed.'),
  badAssertionSignature: (kid: string) =>
    new EntraError(400, 'invalid_grant', 50013, `Assertion failed signature validation. [Reason - The key was not found., Thumbprint of key used by client: '${kid}']`),
  expiredAssertion: (now: Date, exp: Date) =>
    new EntraError(
      400,
      'invalid_grant',
      500133,
      `Assertion is not within its valid time range. Ensure that the access token is not expired before using it for user assertion, or request a new token. Current time: ${now.toISOString()}, expiry time of assertion ${exp.toISOString()}.`,
    ),
  wrongAssertionAudience: (aud: string, clientId: string) =>
    new EntraError(
      400,
      'invalid_grant',
      50013,
      `Assertion audience does not match the Client app presenting the assertion. The audience in the assertion was '${aud}' and the expected audience is '${clientId}' or one of the Application Id URIs of this client app.`,
    ),
  wrongAssertionTenant: (iss: string) => new EntraError(400, 'invalid_grant', 50013, `Assertion contains an invalid issuer '${iss}' for this tenant.`),
  unknownUser: (oid: string, tenantId: string) =>
    new EntraError(
      400,
      'invalid_grant',
      50034,
      `The user account ${oid} does not exist in the ${tenantId} directory. To sign into this application, the account must be added to the directory.`,
    ),
  badRefreshToken: () => new EntraError(400, 'invalid_grant', 9002313, 'Invalid request. Request is malformed or invalid.'),
  refreshTokenOfOtherClient: () =>
    new EntraError(400, 'invalid_grant', 70000, 'Provided grant is invalid or malformed. The refresh token was issued to a different client.'),
  expiredRefreshToken: (issued: Date) =>
    new EntraError(
      400,
      'invalid_grant',
      700082,
      `The refresh token has expired due to inactivity. The token was issued on ${issued.toISOString()} and was inactive for 90.00:00:00.`,
    ),
  disabledUser: () => new EntraError(400, 'invalid_grant', 50057, 'The user account is disabled.'),
  interactionUnsupported: () =>
    new EntraError(400, 'invalid_request', 900561, 'The local Azure emulator supports client credentials and on-behalf-of only; interactive sign-in is not available.'),
};
