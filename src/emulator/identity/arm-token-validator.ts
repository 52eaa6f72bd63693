import { decodeJwt, errors, jwtVerify } from 'jose';
import type { JWTPayload } from 'jose';
import { ArmError } from '../http/types.js';
import type { Caller, Principal } from '../http/types.js';
import type { Directory } from './directory.js';
import type { SigningKey } from './signing-key.js';
import { ARM_AUDIENCES } from './token-factory.js';

/**
 * Authenticates ARM requests the way ARM's front door does: a bearer token signed by the tenant's
 * key, not expired, for ARM's audience and from this tenant. Failures are ARM's 401 bodies with a
 * `WWW-Authenticate` challenge.
 */
export class ArmTokenValidator {
  constructor(
    private readonly key: SigningKey,
    private readonly tenantId: string,
    private readonly directory: Directory,
    private readonly authorityHost: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async authenticate(authorization: string | undefined): Promise<Caller> {
    if (authorization === undefined || authorization.trim() === '') {
      throw this.unauthorized('AuthenticationFailed', "Authentication failed. The 'Authorization' header is missing.", "The authentication failed because of missing 'Authorization' header.");
    }
    const m = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    if (!m) {
      const message = "Authentication failed. The 'Authorization' header is provided in an invalid format.";
      throw this.unauthorized('AuthenticationFailedInvalidHeader', message, message);
    }
    const claims = await this.verify(m[1] as string);
    return this.callerFrom(claims);
  }

  private async verify(token: string): Promise<JWTPayload> {
    const invalid = (): ArmError => this.unauthorized('InvalidAuthenticationToken', 'The access token is invalid.', 'The access token is invalid.');
    let claims: JWTPayload;
    try {
      ({ payload: claims } = await jwtVerify(token, this.key.publicKey, { algorithms: ['RS256'], currentDate: this.now() }));
    } catch (error) {
      if (error instanceof errors.JWTExpired) {
        // The signature was checked before the expiry, so the claims can be trusted for the message.
        const exp = new Date((decodeJwt(token).exp ?? 0) * 1000);
        throw this.unauthorized(
          'ExpiredAuthenticationToken',
          `The access token expiry UTC time '${dotNetDate(exp)}' is earlier than current UTC time '${dotNetDate(this.now())}'.`,
          'The access token has expired.',
        );
      }
      throw invalid();
    }
    const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud ?? ''];
    if (!audiences.some((a) => (ARM_AUDIENCES as readonly string[]).includes(a))) {
      throw this.unauthorized(
        'InvalidAuthenticationTokenAudience',
        `The access token has been obtained for wrong audience or resource '${audiences.join(',')}'. It should exactly match with one of the allowed audiences ${ARM_AUDIENCES.map((a) => `'${a}'`).join(',')}.`,
        'The access token has been obtained for wrong audience or resource.',
      );
    }
    const tid = typeof claims.tid === 'string' ? claims.tid : '';
    if (tid.toLowerCase() !== this.tenantId.toLowerCase() || !(claims.iss ?? '').toLowerCase().endsWith(`/${this.tenantId.toLowerCase()}/v2.0`)) {
      throw this.unauthorized(
        'InvalidAuthenticationTokenTenant',
        `The access token is from the wrong issuer '${claims.iss ?? ''}'. It must match the tenant '${this.authorityHost}/${this.tenantId}/v2.0' associated with this subscription. Please use the authority (URL) '${this.authorityHost}/${this.tenantId}' to get the token.`,
        'The access token is from the wrong issuer.',
      );
    }
    if (typeof claims.oid !== 'string') throw invalid();
    return claims;
  }

  private callerFrom(claims: JWTPayload): Caller {
    const oid = claims.oid as string;
    const appId = typeof claims.appid === 'string' ? claims.appid : typeof claims.azp === 'string' ? claims.azp : undefined;
    const delegated = typeof claims.scp === 'string';
    // ARM accepts any valid token of the tenant; RBAC then decides. A principal missing from the
    // directory (e.g. a token minted by the CLI for an id since removed) is described from its claims.
    const principal: Principal = this.directory.principal(oid)?.principal ?? {
      id: oid,
      displayName: typeof claims.name === 'string' ? claims.name : oid,
      type: delegated ? 'User' : 'ServicePrincipal',
      ...(typeof claims.upn === 'string' ? { userPrincipalName: claims.upn } : {}),
      ...(Array.isArray(claims.groups) ? { groups: claims.groups.filter((g): g is string => typeof g === 'string') } : {}),
    };
    const caller: Caller = { principal, tenantId: this.tenantId, objectId: principal.id, delegated };
    if (appId !== undefined) caller.appId = appId;
    return caller;
  }

  private unauthorized(code: string, message: string, description: string): ArmError {
    const challenge = `Bearer authorization_uri="${this.authorityHost}/${this.tenantId}", error="invalid_token", error_description="${description.replace(/"/g, "'")}"`;
    return new ArmError(401, code, message, undefined, { 'WWW-Authenticate': challenge });
  }
}

/** .NET's invariant general date/time pattern as ARM prints it: `9/20/2016 9:36:25 PM`. */
export function dotNetDate(d: Date): string {
  const h = d.getUTCHours();
  const pad = (n: number): string => String(n).padStart(2, '0');
  const hour12 = h % 12 === 0 ? 12 : h % 12;
  return `${d.getUTCMonth() + 1}/${d.getUTCDate()}/${d.getUTCFullYear()} ${hour12}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} ${h < 12 ? 'AM' : 'PM'}`;
}
