import { timingSafeEqual } from 'node:crypto';
import { decodeJwt, decodeProtectedHeader, errors, jwtVerify } from 'jose';
import type { JWTPayload } from 'jose';
import type { ClientApp, Directory } from './directory.js';
import { entraErrors } from './entra-error.js';
import { parseArmScopes } from './scopes.js';
import type { SigningKey } from './signing-key.js';
import type { TokenFactory } from './token-factory.js';

const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

export interface TokenRequest {
  /** Scheme, host and port the client used (tokens' issuer follows it). */
  origin: string;
  /** Every origin this emulator answers on, accepted as ARM resource aliases in scopes. */
  ownOrigins: readonly string[];
  form: URLSearchParams;
  authorization: string | undefined;
}

/**
 * `POST /{tenant}/oauth2/v2.0/token`: client credentials for registered apps and service
 * principals, and on-behalf-of for a user assertion issued to the registered app. Refusals are
 * {@link EntraError}s with the AADSTS codes Entra uses for the same mistake.
 */
export class TokenEndpoint {
  constructor(
    private readonly directory: Directory,
    private readonly factory: TokenFactory,
    private readonly key: SigningKey,
    private readonly tenantId: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async handle(req: TokenRequest): Promise<Record<string, unknown>> {
    const grant = req.form.get('grant_type');
    if (!grant) throw entraErrors.missingParameter('grant_type');
    if (grant === 'client_credentials') return this.clientCredentials(req);
    if (grant === JWT_BEARER) return this.onBehalfOf(req);
    if (grant === 'refresh_token') return this.refresh(req);
    throw entraErrors.unsupportedGrant(grant);
  }

  private async clientCredentials(req: TokenRequest): Promise<Record<string, unknown>> {
    const client = this.authenticateClient(req);
    const scopes = parseArmScopes(req.form.get('scope'), this.tenantId, req.ownOrigins);
    const scope = scopes.resourceScopes[0] as string;
    if (scopes.resourceScopes.length !== 1 || scopes.names[0] !== '.default') throw entraErrors.clientCredentialsScope(scope);
    const issued = await this.factory.armToken(req.origin, client.principal, client.appId, false);
    return { token_type: 'Bearer', expires_in: issued.expiresIn, ext_expires_in: issued.expiresIn, access_token: issued.token };
  }

  private async onBehalfOf(req: TokenRequest): Promise<Record<string, unknown>> {
    const client = this.authenticateClient(req);
    if (req.form.get('requested_token_use') !== 'on_behalf_of') throw entraErrors.missingParameter('requested_token_use');
    const assertion = req.form.get('assertion');
    if (!assertion) throw entraErrors.missingParameter('assertion');
    const claims = await this.verifyAssertion(assertion, client.appId);
    if (isGraphScope(req.form.get('scope'))) return this.graphOnBehalfOf(req, claims, client);
    const scopes = parseArmScopes(req.form.get('scope'), this.tenantId, req.ownOrigins);
    for (const name of scopes.names) {
      if (name !== '.default' && name.toLowerCase() !== 'user_impersonation') throw entraErrors.invalidScope(`${name}`);
    }
    const entry = this.directory.principal(String(claims.oid ?? ''));
    if (!entry || entry.principal.type !== 'User') throw entraErrors.unknownUser(String(claims.oid ?? claims.sub ?? ''), this.tenantId);
    if (!entry.enabled) throw entraErrors.disabledUser();
    const issued = await this.factory.armToken(req.origin, entry.principal, client.appId, true);
    const response: Record<string, unknown> = {
      token_type: 'Bearer',
      scope: scopes.resourceScopes.join(' '),
      expires_in: issued.expiresIn,
      ext_expires_in: issued.expiresIn,
      access_token: issued.token,
    };
    if (scopes.openid) response.id_token = (await this.factory.idToken(req.origin, entry.principal, client.appId)).token;
    if (req.form.get('client_info') === '1') {
      response.client_info = Buffer.from(JSON.stringify({ uid: entry.principal.id, utid: this.tenantId })).toString('base64url');
    }
    if (scopes.offlineAccess) response.refresh_token = (await this.factory.refreshToken(req.origin, entry.principal, client.appId)).token;
    return response;
  }

  /** On-behalf-of for Microsoft Graph (group membership checks); the app's consented permissions only. */
  private async graphOnBehalfOf(req: TokenRequest, claims: JWTPayload, client: ClientApp): Promise<Record<string, unknown>> {
    const entry = this.directory.principal(String(claims.oid ?? ''));
    if (!entry || entry.principal.type !== 'User') throw entraErrors.unknownUser(String(claims.oid ?? claims.sub ?? ''), this.tenantId);
    if (!entry.enabled) throw entraErrors.disabledUser();
    const issued = await this.factory.graphToken(req.origin, entry.principal, client.appId);
    return { token_type: 'Bearer', scope: 'https://graph.microsoft.com/User.Read https://graph.microsoft.com/GroupMember.Read.All', expires_in: issued.expiresIn, ext_expires_in: issued.expiresIn, access_token: issued.token };
  }

  /** Redeems a refresh token the same client got on the user's behalf; hands out a new one, as Entra does. */
  private async refresh(req: TokenRequest): Promise<Record<string, unknown>> {
    const client = this.authenticateClient(req);
    const given = req.form.get('refresh_token');
    if (!given) throw entraErrors.missingParameter('refresh_token');
    const scopes = parseArmScopes(req.form.get('scope'), this.tenantId, req.ownOrigins);
    const read = await this.factory.readRefreshToken(given);
    if (!read) throw entraErrors.badRefreshToken();
    if ('expired' in read) throw entraErrors.expiredRefreshToken(read.expired);
    if (read.clientAppId.toLowerCase() !== client.appId.toLowerCase()) throw entraErrors.refreshTokenOfOtherClient();
    const entry = this.directory.principal(read.oid);
    if (!entry || entry.principal.type !== 'User') throw entraErrors.unknownUser(read.oid, this.tenantId);
    if (!entry.enabled) throw entraErrors.disabledUser();
    const issued = await this.factory.armToken(req.origin, entry.principal, client.appId, true);
    return {
      token_type: 'Bearer',
      scope: scopes.resourceScopes.join(' '),
      expires_in: issued.expiresIn,
      ext_expires_in: issued.expiresIn,
      access_token: issued.token,
      refresh_token: (await this.factory.refreshToken(req.origin, entry.principal, client.appId)).token,
    };
  }

  /** Client id and secret from the form or an HTTP Basic header, checked against the directory. */
  private authenticateClient(req: TokenRequest): ClientApp {
    let clientId = req.form.get('client_id');
    let secret = req.form.get('client_secret');
    const basic = /^Basic\s+(\S+)$/i.exec(req.authorization ?? '');
    if (basic) {
      const [id, pass] = Buffer.from(basic[1] as string, 'base64').toString('utf8').split(':');
      clientId ??= decodeURIComponent(id ?? '');
      secret ??= decodeURIComponent(pass ?? '');
    }
    if (!clientId) throw entraErrors.missingParameter('client_id');
    const client = this.directory.client(clientId);
    if (!client) throw entraErrors.unknownClient(clientId, this.tenantId);
    if (!client.enabled) throw entraErrors.disabledClient(clientId);
    if (!secret) throw entraErrors.missingSecret();
    if (client.secret === undefined || !sameSecret(secret, client.secret)) throw entraErrors.badSecret(clientId);
    return client;
  }

  private async verifyAssertion(assertion: string, clientId: string): Promise<JWTPayload> {
    let kid = '';
    try {
      kid = decodeProtectedHeader(assertion).kid ?? '';
      decodeJwt(assertion);
    } catch {
      throw entraErrors.malformedAssertion();
    }
    let claims: JWTPayload;
    try {
      ({ payload: claims } = await jwtVerify(assertion, this.key.publicKey, { algorithms: ['RS256'], currentDate: this.now() }));
    } catch (error) {
      if (error instanceof errors.JWTExpired) {
        throw entraErrors.expiredAssertion(this.now(), new Date((decodeJwt(assertion).exp ?? 0) * 1000));
      }
      if (error instanceof errors.JWTClaimValidationFailed) throw entraErrors.expiredAssertion(this.now(), new Date(0));
      throw entraErrors.badAssertionSignature(kid);
    }
    const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud ?? ''];
    if (!audiences.some((a) => audienceNamesClient(a, clientId))) throw entraErrors.wrongAssertionAudience(audiences.join(','), clientId);
    if (String(claims.tid ?? '').toLowerCase() !== this.tenantId.toLowerCase()) throw entraErrors.wrongAssertionTenant(claims.iss ?? '');
    return claims;
  }
}

/** Scopes that name Microsoft Graph only (`https://graph.microsoft.com/.default`, its permissions), OpenID ones aside. */
function isGraphScope(scope: string | null): boolean {
  const parts = (scope ?? '').split(/\s+/).filter((p) => p !== '' && !['openid', 'profile', 'offline_access', 'email'].includes(p.toLowerCase()));
  return parts.length > 0 && parts.every((p) => p.toLowerCase().startsWith('https://graph.microsoft.com/'));
}

/** The client id itself, or an Application ID URI ending in it (`api://host/{clientId}`, `api://{clientId}`). */
export function audienceNamesClient(aud: string, clientId: string): boolean {
  const a = aud.toLowerCase();
  const id = clientId.toLowerCase();
  return a === id || (a.startsWith('api://') && (a === `api://${id}` || a.endsWith(`/${id}`)));
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
