import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, jwtVerify, SignJWT, type CryptoKey, type JWK, type JWTPayload } from 'jose';
import { ensureDevCa } from '../../src/emulator/index.js';

/**
 * Bot Framework's side of authentication, played locally with this server's own keys:
 *
 * - the channel's OpenID metadata and JWKS (plain HTTP on loopback, as botbuilder fetches it), with
 *   per-key endorsements, and tokens "from Teams" signed with those keys, or deliberately wrong;
 * - an Entra-like authority (HTTPS, certificate from the emulator's dev CA) that issues the bot its
 *   own client-credentials token for `https://api.botframework.com`, which the connector and the
 *   token service stand-ins then check on every call.
 */

export const BOT_FRAMEWORK_ISSUER = 'https://api.botframework.com';
export const BOT_FRAMEWORK_AUDIENCE = 'https://api.botframework.com';

export interface ChannelTokenOptions {
  serviceUrl: string;
  /** `aud`; default: the bot's app id. */
  audience?: string;
  issuer?: string;
  /** Seconds from now; negative for an expired token. Default one hour. */
  expiresIn?: number;
  /**
   * `teams`: the published key endorsed for msteams. `webchat`: a published key endorsed only for
   * webchat. `forged`: an unpublished key that claims the Teams key's id.
   */
  signer?: 'teams' | 'webchat' | 'forged';
}

export interface OpenIdServer {
  /** For BOT_OPENID_METADATA_URL. */
  metadataUrl: string;
  /** For BOT_AUTHORITY_HOST (https, trusted through the emulator's CA). */
  authorityHost: string;
  /** A channel token as Teams would send in `Authorization: Bearer …`. */
  channelToken(options: ChannelTokenOptions): Promise<string>;
  /** True when `authorization` carries a token this authority issued to the bot for Bot Framework. */
  isBotToken(authorization: string | undefined): Promise<boolean>;
  /** How many tokens the authority issued to the bot. */
  readonly issued: number;
  close(): Promise<void>;
}

interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
  publicKey: CryptoKey;
  publicJwk: JWK;
}

async function newKey(kid: string): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  return { kid, privateKey, publicKey, publicJwk: { ...(await exportJWK(publicKey)), kid, use: 'sig', alg: 'RS256' } };
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('error', reject);
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}

export async function startOpenIdServer(options: { appId: string; appSecret: string; caDir: string }): Promise<OpenIdServer> {
  const [teams, webchat, forged, login] = await Promise.all([newKey('teams-key'), newKey('webchat-key'), newKey('teams-key'), newKey('login-key')]);
  let issued = 0;

  const channel = createHttpServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/v1/.well-known/openidconfiguration') {
      return send(res, 200, {
        issuer: BOT_FRAMEWORK_ISSUER,
        authorization_endpoint: 'https://invalid.example/unused',
        jwks_uri: `http://127.0.0.1:${channelPort}/v1/.well-known/keys`,
        id_token_signing_alg_values_supported: ['RS256'],
        token_endpoint_auth_methods_supported: ['private_key_jwt'],
      });
    }
    if (path === '/v1/.well-known/keys') {
      return send(res, 200, {
        keys: [
          { ...teams.publicJwk, endorsements: ['msteams'] },
          { ...webchat.publicJwk, endorsements: ['webchat'] },
        ],
      });
    }
    send(res, 404, { error: 'not_found' });
  });
  const channelPort = await listen(channel);

  const ca = await ensureDevCa(options.caDir);
  const authority = createHttpsServer({ cert: ca.serverCertPem, key: ca.serverKeyPem }, (req, res) => {
    void serveAuthority(req, res).catch((error: unknown) => send(res, 500, { error: 'server_error', error_description: String(error) }));
  });
  const authorityPort = await listen(authority);
  const authorityHost = `https://127.0.0.1:${authorityPort}`;

  async function serveAuthority(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const parts = (req.url ?? '/').split('?')[0]?.split('/').filter(Boolean) ?? [];
    const [tenant, ...rest] = parts;
    const path = rest.join('/');
    const base = `${authorityHost}/${tenant ?? ''}`;
    if (req.method === 'GET' && path === 'v2.0/.well-known/openid-configuration') {
      return send(res, 200, {
        issuer: `${base}/v2.0`,
        token_endpoint: `${base}/oauth2/v2.0/token`,
        authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
        jwks_uri: `${base}/discovery/v2.0/keys`,
        token_endpoint_auth_methods_supported: ['client_secret_post'],
        response_types_supported: ['code'],
        subject_types_supported: ['pairwise'],
        id_token_signing_alg_values_supported: ['RS256'],
      });
    }
    if (req.method === 'POST' && path === 'oauth2/v2.0/token') {
      const form = new URLSearchParams(await readBody(req));
      if (form.get('grant_type') !== 'client_credentials') return send(res, 400, { error: 'unsupported_grant_type' });
      if (form.get('client_id') !== options.appId || form.get('client_secret') !== options.appSecret) {
        return send(res, 401, { error: 'invalid_client', error_description: 'AADSTS7000215: Invalid client secret provided.' });
      }
      if (form.get('scope') !== `${BOT_FRAMEWORK_AUDIENCE}/.default`) return send(res, 400, { error: 'invalid_scope' });
      issued += 1;
      const token = await sign(login, { aud: BOT_FRAMEWORK_AUDIENCE, appid: options.appId, azp: options.appId, tid: tenant, ver: '2.0' }, `${base}/v2.0`, 3600);
      return send(res, 200, { token_type: 'Bearer', expires_in: 3600, ext_expires_in: 3600, access_token: token });
    }
    send(res, 404, { error: 'not_found' });
  }

  async function sign(key: SigningKey, claims: JWTPayload, issuer: string, expiresIn: number): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: key.kid })
      .setIssuer(issuer)
      .setIssuedAt(now - 60)
      .setNotBefore(now - 60)
      .setExpirationTime(now + expiresIn)
      .sign(key.privateKey);
  }

  const close = (server: Server): Promise<void> =>
    new Promise((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });

  return {
    metadataUrl: `http://127.0.0.1:${channelPort}/v1/.well-known/openidconfiguration`,
    authorityHost,
    channelToken(o) {
      const key = o.signer === 'webchat' ? webchat : o.signer === 'forged' ? forged : teams;
      return sign(key, { aud: o.audience ?? options.appId, serviceurl: o.serviceUrl }, o.issuer ?? BOT_FRAMEWORK_ISSUER, o.expiresIn ?? 3600);
    },
    async isBotToken(authorization) {
      const token = /^Bearer (\S+)$/.exec(authorization ?? '')?.[1];
      if (!token) return false;
      try {
        const { payload } = await jwtVerify(token, login.publicKey, { audience: BOT_FRAMEWORK_AUDIENCE });
        return payload.appid === options.appId;
      } catch {
        return false;
      }
    },
    get issued() {
      return issued;
    },
    close: async () => {
      await Promise.all([close(channel), close(authority)]);
    },
  };
}
