import { request } from 'node:https';
import type { TurnContext } from 'botbuilder';
import type { TokenServiceClient } from '../../../../src/bot/auth/index.js';
import type { Persona } from '../../../harness/personas.js';
import { BOT_APP, CONNECTION, type AuthStack } from './auth-stack.js';

/**
 * Turns outside the bot, for the credential layer: a context that carries the token-service client
 * the way CloudAdapter puts it on a turn, asking the harness token service as the bot.
 */

function botToken(stack: AuthStack): Promise<string> {
  const body = new URLSearchParams({ grant_type: 'client_credentials', client_id: BOT_APP.id, client_secret: BOT_APP.secret, scope: 'https://api.botframework.com/.default' }).toString();
  return new Promise((resolve, reject) => {
    const req = request(
      new URL(`${stack.openid.authorityHost}/botframework.com/oauth2/v2.0/token`),
      { method: 'POST', ca: stack.emulator.caCertPem, headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const token = (JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as { access_token?: string }).access_token;
          if (token) resolve(token);
          else reject(new Error(`no bot token (HTTP ${res.statusCode ?? 0})`));
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** Only what the on-behalf-of path asks for: the user's token. */
export function tokenServiceClient(stack: AuthStack): TokenServiceClient {
  const unused = (): never => {
    throw new Error('not used on this path');
  };
  return {
    async getUserToken(userId, connectionName, channelId) {
      const url = new URL('/api/usertoken/GetToken', stack.tokenService.url);
      url.search = new URLSearchParams({ userId, connectionName, channelId }).toString();
      const res = await fetch(url, { headers: { authorization: `Bearer ${await botToken(stack)}` } });
      if (res.status === 404) return undefined;
      if (!res.ok) throw new Error(`token service answered ${res.status}`);
      return (await res.json()) as Awaited<ReturnType<TokenServiceClient['getUserToken']>>;
    },
    getSignInResource: unused,
    exchangeToken: unused,
    signOutUser: unused,
  };
}

const CLIENT_KEY = Symbol('UserTokenClient');

/** A turn of `persona` (a message or a card click) as far as sign-in sees it. */
export function turnOf(persona: Persona, client: TokenServiceClient): TurnContext {
  return {
    adapter: { UserTokenClientKey: CLIENT_KEY },
    turnState: new Map<symbol, unknown>([[CLIENT_KEY, client]]),
    activity: { type: 'invoke', name: 'adaptiveCard/action', channelId: 'msteams', from: { id: persona.id, name: persona.name, aadObjectId: persona.aadObjectId } },
  } as unknown as TurnContext;
}

export { CONNECTION };
