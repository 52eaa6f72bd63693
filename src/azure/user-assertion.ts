import { request } from 'node:https';
import { UserError } from '../domain/errors.js';
import type { UserIdentity } from '../domain/identity.js';

/** A token that proves who the user is, for the on-behalf-of exchange (Teams SSO in production). */
export interface UserAssertion {
  token: string;
  /** Epoch milliseconds after which the assertion can no longer be exchanged. */
  expiresOnTimestamp: number;
}

export interface UserAssertionSource {
  assertionFor(user: UserIdentity): Promise<UserAssertion>;
}

/** Who an assertion (or an access token) was issued for, read without verifying: Entra verifies it in the exchange. */
export interface TokenOwner {
  oid: string | undefined;
  tid: string | undefined;
  exp: number | undefined;
}

export function ownerOfToken(token: string): TokenOwner {
  try {
    const claims = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
    const text = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v.toLowerCase() : undefined);
    return { oid: text(claims.oid), tid: text(claims.tid), exp: typeof claims.exp === 'number' ? claims.exp : undefined };
  } catch {
    return { oid: undefined, tid: undefined, exp: undefined };
  }
}

export function unknownUserError(user: UserIdentity): UserError {
  return new UserError(`${user.name ?? 'Your account'} is not known to this Azure tenant, so ShipShape cannot act or read anything for you.`, {
    hint: 'Ask your Azure administrator to add your account to the tenant and give it a role (Reader is enough to ask questions).',
    reason: 'unknown-user',
  });
}

/** A JSON POST over HTTPS (trusting `ca` too when given); the answer's status and parsed body. */
export function postJson(url: URL, body: unknown, ca: string | undefined, headers: Record<string, string> = {}): Promise<{ status: number; json: unknown }> {
  const payload = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: 'POST', ...(ca ? { ca } : {}), headers: { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }, timeout: 10_000 },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          try {
            resolve({ status: res.statusCode ?? 0, json: text ? JSON.parse(text) : undefined });
          } catch {
            resolve({ status: res.statusCode ?? 0, json: undefined });
          }
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', reject);
    req.end(payload);
  });
}

function expiryOf(token: string): number {
  return (ownerOfToken(token).exp ?? 0) * 1000;
}

/**
 * Local mode: the emulator plays Teams SSO and issues a user token for the bot's app, which then
 * goes through the same on-behalf-of exchange as in production.
 */
export class EmulatorSsoAssertions implements UserAssertionSource {
  constructor(
    private readonly authorityHost: string,
    private readonly audience: string,
    private readonly caCertPem: string,
  ) {}

  async assertionFor(user: UserIdentity): Promise<UserAssertion> {
    if (!user.aadObjectId) throw unknownUserError(user);
    let answer: { status: number; json: unknown };
    try {
      answer = await postJson(new URL('/_emulator/sso-token', this.authorityHost), { principalId: user.aadObjectId, audience: this.audience }, this.caCertPem);
    } catch (cause) {
      throw new UserError('The local Azure emulator could not be reached to sign you in.', {
        hint: 'Start everything with "npm start", or the emulator alone with "npm run emulator".',
        reason: 'unreachable',
        cause,
      });
    }
    if (answer.status === 404) throw unknownUserError(user);
    const token = (answer.json as { token?: unknown } | undefined)?.token;
    if (answer.status !== 200 || typeof token !== 'string') {
      throw new UserError(`The local Azure emulator refused to sign you in (HTTP ${answer.status}).`, { reason: 'unauthenticated' });
    }
    return { token, expiresOnTimestamp: expiryOf(token) };
  }
}

/**
 * Production without an OAuth connection (OAUTH_CONNECTION_NAME) has no way to learn who the user
 * is in Entra ID: say so plainly instead of failing somewhere deeper.
 */
export class NoSignInConfigured implements UserAssertionSource {
  async assertionFor(): Promise<UserAssertion> {
    throw new UserError('Sign-in to Azure is not configured for this ShipShape installation yet.', {
      hint: 'An administrator needs to create the Teams SSO OAuth connection and set OAUTH_CONNECTION_NAME, as the README describes.',
      reason: 'unauthenticated',
    });
  }
}
