import { createHash, randomBytes } from 'node:crypto';
import { errors, jwtVerify, SignJWT } from 'jose';
import type { JWTPayload } from 'jose';
import type { Principal } from '../http/types.js';
import type { SigningKey } from './signing-key.js';

/** The audience of every ARM token the emulator issues (what ARM itself expects). */
export const ARM_AUDIENCE = 'https://management.azure.com';
/** Audiences ARM accepts, as listed in its InvalidAuthenticationTokenAudience message. */
export const ARM_AUDIENCES = [
  'https://management.core.windows.net/',
  'https://management.core.windows.net',
  'https://management.azure.com/',
  'https://management.azure.com',
] as const;
export const TOKEN_LIFETIME_SECONDS = 3600;
/** Microsoft Graph, as its tokens name it. */
export const GRAPH_AUDIENCE = 'https://graph.microsoft.com';
/** Entra puts at most this many groups in a JWT; past it, the token says "ask Graph" instead (overage). */
export const GROUPS_CLAIM_LIMIT = 200;
/** Entra ends refresh tokens after 90 days without use; each use hands out a new one. */
export const REFRESH_INACTIVITY_SECONDS = 90 * 86_400;
/** Marks the emulator's refresh tokens, so that no access token or assertion passes for one. */
const REFRESH_TYPE = 'rt+jwt';
/** Microsoft Teams' own client app id: Teams SSO tokens are issued to it. */
export const TEAMS_CLIENT_APP_ID = '1fec8e78-bce4-4aaf-ab1b-5451cc387264';

export interface IssuedToken {
  token: string;
  expiresIn: number;
}

/**
 * Signs the emulated tenant's tokens (RS256, `kid` in the header). `origin` is the scheme, host
 * and port the client used, so the issuer matches the metadata that client read.
 */
export class TokenFactory {
  constructor(
    private readonly key: SigningKey,
    readonly tenantId: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  issuer(origin: string): string {
    return `${origin}/${this.tenantId}/v2.0`;
  }

  /** An ARM access token: delegated (`scp`) for users, app-only (`idtyp: app`) for service principals. */
  armToken(origin: string, principal: Principal, clientAppId: string, delegated: boolean): Promise<IssuedToken> {
    const claims: JWTPayload & Record<string, unknown> = {
      ...this.subjectClaims(principal, clientAppId),
      aud: ARM_AUDIENCE,
      appid: clientAppId,
      azp: clientAppId,
      appidacr: '1',
      idtyp: delegated ? 'user' : 'app',
    };
    if (delegated) claims.scp = 'user_impersonation';
    return this.sign(origin, claims);
  }

  /** A delegated Microsoft Graph token (on-behalf-of a user), with the permissions the app was granted. */
  graphToken(origin: string, principal: Principal, clientAppId: string): Promise<IssuedToken> {
    return this.sign(origin, {
      ...this.subjectClaims(principal, clientAppId),
      aud: GRAPH_AUDIENCE,
      appid: clientAppId,
      azp: clientAppId,
      idtyp: 'user',
      scp: 'User.Read GroupMember.Read.All',
    });
  }

  /** A user's token for an app (`aud` = that app), as Teams SSO hands to a bot. */
  userAssertion(origin: string, principal: Principal, audience: string, scope = 'access_as_user'): Promise<IssuedToken> {
    return this.sign(origin, {
      ...this.subjectClaims(principal, TEAMS_CLIENT_APP_ID),
      aud: audience,
      azp: TEAMS_CLIENT_APP_ID,
      appid: TEAMS_CLIENT_APP_ID,
      scp: scope,
      idtyp: 'user',
    });
  }

  /**
   * A refresh token for `clientAppId` on the user's behalf (asked for with `offline_access`). Entra's
   * are opaque; these are signed so that the emulator keeps no state, and typed so nothing else passes.
   */
  async refreshToken(origin: string, principal: Principal, clientAppId: string): Promise<IssuedToken> {
    const now = Math.floor(this.now().getTime() / 1000);
    const token = await new SignJWT({ oid: principal.id, tid: this.tenantId, azp: clientAppId, uti: randomBytes(16).toString('base64url') })
      .setProtectedHeader({ alg: 'RS256', typ: REFRESH_TYPE, kid: this.key.kid })
      .setIssuer(this.issuer(origin))
      .setIssuedAt(now)
      .setExpirationTime(now + REFRESH_INACTIVITY_SECONDS)
      .sign(this.key.privateKey);
    return { token, expiresIn: REFRESH_INACTIVITY_SECONDS };
  }

  /** The user and client a refresh token of this emulator names; undefined for anything else. */
  async readRefreshToken(token: string): Promise<{ oid: string; clientAppId: string; issuedAt: Date } | { expired: Date } | undefined> {
    try {
      const { payload, protectedHeader } = await jwtVerify(token, this.key.publicKey, { algorithms: ['RS256'], typ: REFRESH_TYPE, currentDate: this.now() });
      if (protectedHeader.typ !== REFRESH_TYPE || typeof payload.oid !== 'string' || typeof payload.azp !== 'string') return undefined;
      return { oid: payload.oid, clientAppId: payload.azp, issuedAt: new Date((payload.iat ?? 0) * 1000) };
    } catch (error) {
      if (error instanceof errors.JWTExpired) return { expired: new Date(((error.payload.iat as number | undefined) ?? 0) * 1000) };
      return undefined;
    }
  }

  /** An OpenID Connect id token for `clientId` (returned when `openid` was asked for). */
  idToken(origin: string, principal: Principal, clientId: string): Promise<IssuedToken> {
    const claims: JWTPayload & Record<string, unknown> = {
      aud: clientId,
      tid: this.tenantId,
      oid: principal.id,
      sub: pairwiseSubject(principal.id, clientId),
      name: principal.displayName,
    };
    if (principal.userPrincipalName) claims.preferred_username = principal.userPrincipalName;
    return this.sign(origin, claims);
  }

  private subjectClaims(principal: Principal, clientAppId: string): Record<string, unknown> {
    const claims: Record<string, unknown> = {
      tid: this.tenantId,
      oid: principal.id,
      // Entra's `sub` is pairwise: stable for one user and one app, different across apps.
      sub: pairwiseSubject(principal.id, clientAppId),
      name: principal.displayName,
    };
    if (principal.type === 'User' && principal.userPrincipalName) {
      claims.upn = principal.userPrincipalName;
      claims.unique_name = principal.userPrincipalName;
      claims.preferred_username = principal.userPrincipalName;
    }
    if (principal.groups && principal.groups.length > GROUPS_CLAIM_LIMIT) {
      // Group overage, as Entra signals it in JWTs: no `groups`, a pointer to where to ask instead.
      claims._claim_names = { groups: 'src1' };
      claims._claim_sources = { src1: { endpoint: `https://graph.windows.net/${this.tenantId}/users/${principal.id}/getMemberObjects` } };
    } else if (principal.groups && principal.groups.length > 0) {
      claims.groups = [...principal.groups];
    }
    return claims;
  }

  private async sign(origin: string, claims: JWTPayload): Promise<IssuedToken> {
    const now = Math.floor(this.now().getTime() / 1000);
    const token = await new SignJWT({ ...claims, ver: '2.0', uti: randomBytes(16).toString('base64url') })
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: this.key.kid })
      .setIssuer(this.issuer(origin))
      .setIssuedAt(now)
      .setNotBefore(now)
      .setExpirationTime(now + TOKEN_LIFETIME_SECONDS)
      .sign(this.key.privateKey);
    return { token, expiresIn: TOKEN_LIFETIME_SECONDS };
  }
}

export function pairwiseSubject(objectId: string, appId: string): string {
  return createHash('sha256').update(`${objectId.toLowerCase()}|${appId.toLowerCase()}`).digest('base64url').slice(0, 43);
}
