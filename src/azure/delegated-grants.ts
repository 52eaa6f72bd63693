import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { request } from 'node:https';
import type { AccessToken, TokenCredential } from '@azure/core-auth';
import type { AzureConfig } from '../config/index.js';
import { UserError } from '../domain/errors.js';
import type { UserIdentity } from '../domain/identity.js';
import { NAMESPACES } from '../store/namespaces.js';
import { isConcurrencyError, type KeyValueStore } from '../store/types.js';
import { awayFromTurnError, notTheirCredentialError, SIGN_IN_REQUIRED, type TurnPerson } from './credentials.js';
import { ownerOfToken, unknownUserError, type UserAssertionSource } from './user-assertion.js';

/**
 * Renewable delegated grants: what a person leaves, in their own turn, so that ShipShape can read
 * Azure as them later for one named purpose (a scheduled digest "as me", an approved change that
 * finishes after the click). The turn's assertion is exchanged on their behalf with
 * `offline_access`; the refresh token Entra answers with is kept in the shared store, sealed with
 * the configured key (AES-256-GCM, bound to the person and the purpose), and redeemed when the
 * work runs. Entra ends it after 90 days unused, on sign-out, or when the account is disabled:
 * the work then waits and asks the person to sign in again.
 */

export type GrantPurpose = 'digest' | 'approval';

interface GrantRecord {
  owner: { oid: string; tid: string };
  purpose: GrantPurpose;
  /** `v1.iv.ciphertext.tag`, base64url: the refresh token, sealed. */
  sealed: string;
  grantedAt: string;
  renewedAt: string;
}

export interface DelegatedGrantsOptions {
  /** 32 bytes (DELEGATED_GRANT_KEY). */
  key: Buffer;
  /** The person whose turn is running; grants are given only in their own turn. */
  turn: () => TurnPerson | undefined;
  now?: () => number;
}

const TOKEN_MARGIN_MS = 5 * 60_000;

function grantKey(purpose: GrantPurpose, oid: string): string {
  return `${purpose}:${oid}`;
}

function grantEndedError(user: UserIdentity, cause?: unknown): UserError {
  return new UserError(`${user.name ?? 'The subscriber'} needs to sign in again: the sign-in ShipShape keeps for this work has ended.`, {
    hint: 'Their next message to ShipShape asks them to sign in again.',
    reason: SIGN_IN_REQUIRED,
    cause,
  });
}

interface TokenAnswer {
  status: number;
  json: { access_token?: string; refresh_token?: string; expires_in?: number; error?: string; error_codes?: number[] };
}

export class DelegatedGrants {
  private readonly tokens = new Map<string, { token: AccessToken; sealed: string }>();
  private readonly now: () => number;

  constructor(
    private readonly azure: AzureConfig,
    private readonly store: KeyValueStore,
    private readonly assertions: UserAssertionSource,
    private readonly options: DelegatedGrantsOptions,
  ) {
    if (options.key.length !== 32) throw new Error('A delegated grant key must be 32 bytes.');
    this.now = options.now ?? Date.now;
  }

  /** In the person's own turn: exchanges their sign-in for a grant for `purpose`, kept sealed in the store. */
  async capture(user: UserIdentity, purpose: GrantPurpose): Promise<void> {
    const oid = user.aadObjectId?.toLowerCase();
    if (!oid) throw unknownUserError(user);
    const turn = this.options.turn();
    if (!turn) throw awayFromTurnError(user);
    if ((turn.oid ?? '').toLowerCase() !== oid) throw notTheirCredentialError(user, turn.oid);
    const assertion = await this.assertions.assertionFor(user);
    const owner = ownerOfToken(assertion.token);
    if (owner.oid !== oid || (owner.tid !== undefined && owner.tid !== this.azure.tenantId.toLowerCase())) throw notTheirCredentialError(user, owner.oid);
    const answer = await this.tokenRequest(user, {
      grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
      requested_token_use: 'on_behalf_of',
      assertion: assertion.token,
      scope: `${this.azure.armEndpoint}/.default offline_access`,
    });
    if (answer.status !== 200 || !answer.json.refresh_token || !answer.json.access_token) {
      throw new UserError('Entra did not let ShipShape keep a renewable sign-in for you.', {
        hint: 'Your administrator may need to grant the app offline access; until then this work asks you on your next message.',
        reason: 'grant-refused',
      });
    }
    const tid = this.azure.tenantId.toLowerCase();
    this.checkOwner(user, oid, answer.json.access_token);
    const at = new Date(this.now()).toISOString();
    const record: GrantRecord = { owner: { oid, tid }, purpose, sealed: this.seal(answer.json.refresh_token, purpose, oid, tid), grantedAt: at, renewedAt: at };
    await this.store.put(NAMESPACES.delegatedGrants, grantKey(purpose, oid), record);
    this.remember(oid, purpose, answer, record.sealed);
  }

  async has(user: UserIdentity, purpose: GrantPurpose): Promise<boolean> {
    const oid = user.aadObjectId?.toLowerCase();
    return oid !== undefined && (await this.store.get(NAMESPACES.delegatedGrants, grantKey(purpose, oid))) !== undefined;
  }

  /** A credential that reads as `user` for `purpose` through their grant; it throws "sign in again" once there is none. */
  credential(user: UserIdentity, purpose: GrantPurpose): TokenCredential {
    return { getToken: () => this.token(user, purpose) };
  }

  /** Sign-out: every grant the person left ends here. */
  async revoke(user: UserIdentity): Promise<void> {
    const oid = user.aadObjectId?.toLowerCase();
    if (!oid) return;
    for (const purpose of ['digest', 'approval'] as const) {
      this.tokens.delete(grantKey(purpose, oid));
      await this.store.delete(NAMESPACES.delegatedGrants, grantKey(purpose, oid));
    }
  }

  private async token(user: UserIdentity, purpose: GrantPurpose): Promise<AccessToken> {
    const oid = user.aadObjectId?.toLowerCase();
    if (!oid) throw unknownUserError(user);
    const key = grantKey(purpose, oid);
    const stored = await this.store.get<GrantRecord>(NAMESPACES.delegatedGrants, key);
    if (!stored) throw grantEndedError(user);
    const record = stored.value;
    if (record.owner.oid !== oid || record.purpose !== purpose) throw notTheirCredentialError(user);
    const cached = this.tokens.get(key);
    if (cached && cached.sealed === record.sealed && cached.token.expiresOnTimestamp - TOKEN_MARGIN_MS > this.now()) return cached.token;

    // Bound to person and purpose: a sealed token copied to another record (or sealed with another key) does not open.
    let refreshToken: string;
    try {
      refreshToken = this.open(record.sealed, purpose, oid, record.owner.tid);
    } catch (cause) {
      await this.store.delete(NAMESPACES.delegatedGrants, key, { ifMatch: stored.etag }).catch(() => undefined);
      throw grantEndedError(user, cause);
    }
    const answer = await this.tokenRequest(user, { grant_type: 'refresh_token', refresh_token: refreshToken, scope: `${this.azure.armEndpoint}/.default offline_access` });
    if (answer.status === 400 || answer.status === 401) {
      // Ended by Entra (expired, revoked, account disabled): forget it; the person is asked again.
      await this.store.delete(NAMESPACES.delegatedGrants, key, { ifMatch: stored.etag }).catch(() => undefined);
      this.tokens.delete(key);
      throw grantEndedError(user);
    }
    if (answer.status !== 200 || !answer.json.access_token) {
      throw new UserError(`Entra could not renew ${user.name ?? 'the subscriber'}'s sign-in just now (HTTP ${answer.status}).`, { hint: 'This is usually temporary.', reason: 'unreachable' });
    }
    this.checkOwner(user, oid, answer.json.access_token);
    const sealed = answer.json.refresh_token ? this.seal(answer.json.refresh_token, purpose, oid, record.owner.tid) : record.sealed;
    if (sealed !== record.sealed) {
      const next: GrantRecord = { ...record, sealed, renewedAt: new Date(this.now()).toISOString() };
      // Another instance renewing at the same moment keeps its own; both tokens stay valid.
      await this.store.put(NAMESPACES.delegatedGrants, key, next, { ifMatch: stored.etag }).catch((error: unknown) => {
        if (!isConcurrencyError(error)) throw error;
      });
    }
    return this.remember(oid, purpose, answer, sealed);
  }

  /** The token Entra answered with must be the person's own, in this tenant. */
  private checkOwner(user: UserIdentity, oid: string, accessToken: string): void {
    const owner = ownerOfToken(accessToken);
    if (owner.oid !== oid || (owner.tid !== undefined && owner.tid !== this.azure.tenantId.toLowerCase())) throw notTheirCredentialError(user, owner.oid);
  }

  private remember(oid: string, purpose: GrantPurpose, answer: TokenAnswer, sealed: string): AccessToken {
    const token: AccessToken = { token: answer.json.access_token as string, expiresOnTimestamp: this.now() + (answer.json.expires_in ?? 3600) * 1000 };
    this.tokens.set(grantKey(purpose, oid), { token, sealed });
    return token;
  }

  private seal(secret: string, purpose: GrantPurpose, oid: string, tid: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.options.key, iv);
    cipher.setAAD(Buffer.from(`${purpose}:${oid}:${tid}`));
    const body = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
    return ['v1', iv, body, cipher.getAuthTag()].map((p) => (typeof p === 'string' ? p : p.toString('base64url'))).join('.');
  }

  private open(sealed: string, purpose: GrantPurpose, oid: string, tid: string): string {
    const [version, iv, body, tag] = sealed.split('.');
    if (version !== 'v1' || !iv || !body || !tag) throw new Error('A delegated grant in the store is not readable.');
    const decipher = createDecipheriv('aes-256-gcm', this.options.key, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(`${purpose}:${oid}:${tid}`));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
  }

  private async tokenRequest(user: UserIdentity, form: Record<string, string>): Promise<TokenAnswer> {
    const { azure } = this;
    const url = new URL(`${azure.authorityHost}/${encodeURIComponent(azure.tenantId)}/oauth2/v2.0/token`);
    const body = new URLSearchParams({ ...form, client_id: azure.clientId, client_secret: azure.clientSecret ?? '' }).toString();
    try {
      return await postForm(url, body, azure.caCertPem);
    } catch (cause) {
      throw new UserError(`Entra could not be reached to use ${user.name ?? 'the subscriber'}'s sign-in.`, { hint: 'This is usually temporary.', reason: 'unreachable', cause });
    }
  }
}

function postForm(url: URL, body: string, ca: string | undefined): Promise<TokenAnswer> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: 'POST', ...(ca ? { ca } : {}), headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body) }, timeout: 15_000 },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          let json: TokenAnswer['json'] = {};
          try {
            json = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as TokenAnswer['json'];
          } catch {
            // Not JSON: the status says enough.
          }
          resolve({ status: res.statusCode ?? 0, json });
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', reject);
    req.end(body);
  });
}
