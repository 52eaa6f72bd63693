import { randomInt } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RunningEmulator } from '../../../../src/emulator/index.js';
import { ssoToken } from './sso.js';

/**
 * A local stand-in for the Bot Framework token service (OAUTH_API_ENDPOINT): the per-user token
 * store behind an OAuth connection, Teams SSO token exchange, sign-in links and magic codes, and
 * sign-out. Exchanged tokens come from the emulator, so they are real assertions the bot's
 * on-behalf-of exchange can redeem. Every call must carry the bot's own token.
 */

export interface TokenServiceCall {
  method: string;
  path: string;
  userId: string | undefined;
  authorized: boolean;
}

export interface TokenService {
  url: string;
  readonly calls: readonly TokenServiceCall[];
  /** Users (channel ids) whose SSO exchange fails as if consent were missing. */
  refuseExchangeFor: Set<string>;
  /** The sign-in button path: the user signs in in a browser and is shown this magic code. */
  magicCodeFor(userId: string, objectId: string): Promise<string>;
  /** Whether the service holds a token for the user. */
  hasToken(userId: string): boolean;
  close(): Promise<void>;
}

export interface TokenServiceOptions {
  emulator: RunningEmulator;
  connectionName: string;
  /** The on-behalf-of app: audience of the tokens handed to the bot. */
  oboClientId: string;
  /** The audience Teams SSO tokens carry (the bot's exposed API). */
  ssoAudience: string;
  isBotToken(authorization: string | undefined): Promise<boolean>;
}

function send(res: ServerResponse, status: number, body?: unknown): void {
  const text = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('error', reject);
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      try {
        resolve(text ? (JSON.parse(text) as Record<string, unknown>) : {});
      } catch (error) {
        reject(error as Error);
      }
    });
  });
}

function claimsOf(token: string): { aud?: unknown; oid?: unknown } {
  try {
    return JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as { aud?: unknown; oid?: unknown };
  } catch {
    return {};
  }
}

export async function startTokenService(options: TokenServiceOptions): Promise<TokenService> {
  const calls: TokenServiceCall[] = [];
  const tokens = new Map<string, string>();
  const codes = new Map<string, { userId: string; token: string }>();
  const refuseExchangeFor = new Set<string>();
  let exchangeIds = 0;

  const tokenResponse = (token: string) => ({
    channelId: 'msteams',
    connectionName: options.connectionName,
    token,
    expiration: new Date(Date.now() + 3600_000).toISOString(),
  });

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://token-service');
    const userId = url.searchParams.get('userId') ?? undefined;
    const authorized = await options.isBotToken(req.headers.authorization);
    calls.push({ method: req.method ?? 'GET', path: url.pathname, userId, authorized });
    if (!authorized) return send(res, 401, { error: { code: 'Unauthorized', message: 'The bot token is missing or invalid.' } });
    const connection = url.searchParams.get('connectionName');

    if (req.method === 'GET' && url.pathname === '/api/botsignin/GetSignInResource') {
      exchangeIds += 1;
      return send(res, 200, {
        signInLink: `https://token.botframework.example/api/oauth/signin?signin=${exchangeIds}`,
        tokenExchangeResource: { id: `exchange-${exchangeIds}`, uri: options.ssoAudience, providerId: 'aadv2' },
        tokenPostResource: { sasUrl: `https://token.botframework.example/post/${exchangeIds}` },
      });
    }
    if (!userId || connection !== options.connectionName) return send(res, 400, { error: { code: 'BadArgument', message: 'userId and a known connectionName are required.' } });

    if (req.method === 'GET' && url.pathname === '/api/usertoken/GetToken') {
      const code = url.searchParams.get('code');
      const pending = code ? codes.get(code) : undefined;
      if (code && pending?.userId === userId) {
        codes.delete(code);
        tokens.set(userId, pending.token);
      }
      const token = tokens.get(userId);
      return token ? send(res, 200, tokenResponse(token)) : send(res, 404);
    }
    if (req.method === 'POST' && url.pathname === '/api/usertoken/exchange') {
      const body = await readJson(req);
      const claims = claimsOf(typeof body.token === 'string' ? body.token : '');
      if (refuseExchangeFor.has(userId) || claims.aud !== options.ssoAudience || typeof claims.oid !== 'string') {
        return send(res, 400, { error: { code: 'ConsentRequired', message: 'The user has not consented to the connection.' } });
      }
      const token = await ssoToken(options.emulator, claims.oid, options.oboClientId);
      tokens.set(userId, token);
      return send(res, 200, tokenResponse(token));
    }
    if (req.method === 'DELETE' && url.pathname === '/api/usertoken/SignOut') {
      tokens.delete(userId);
      return send(res, 200, {});
    }
    send(res, 404, { error: { code: 'NotFound', message: `No route for ${req.method ?? ''} ${url.pathname}` } });
  }

  const server = createServer((req, res) => {
    route(req, res).catch((error: unknown) => send(res, 500, { error: { code: 'ServiceError', message: String(error) } }));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });

  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    calls,
    refuseExchangeFor,
    async magicCodeFor(userId, objectId) {
      const code = String(randomInt(100_000, 1_000_000));
      codes.set(code, { userId, token: await ssoToken(options.emulator, objectId, options.oboClientId) });
      return code;
    },
    hasToken: (userId) => tokens.has(userId),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
