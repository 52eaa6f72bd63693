import { TurnContext, type Activity, type BotAdapter, type SignInUrlResponse, type TokenExchangeRequest, type TokenResponse } from 'botbuilder';
import type { TokenServiceClient } from '../../../../src/bot/auth/turn-scope.js';

/** A token service in memory: who holds which token, and what was asked. */
export class FakeTokenService implements TokenServiceClient {
  readonly tokens = new Map<string, string>();
  readonly codes = new Map<string, string>();
  readonly calls: string[] = [];
  exchangeWorks = true;

  async getUserToken(userId: string, connectionName: string, _channelId: string, magicCode: string | undefined): Promise<TokenResponse | undefined> {
    this.calls.push(`getUserToken ${userId}${magicCode ? ` code=${magicCode}` : ''}`);
    const fromCode = magicCode ? this.codes.get(magicCode) : undefined;
    if (fromCode) this.tokens.set(userId, fromCode);
    const token = this.tokens.get(userId);
    return token ? { token, connectionName, channelId: 'msteams', expiration: new Date(Date.now() + 3600_000).toISOString() } : undefined;
  }

  async getSignInResource(): Promise<SignInUrlResponse> {
    this.calls.push('getSignInResource');
    return { signInLink: 'https://token.example/signin', tokenExchangeResource: { id: 'exchange-1', uri: 'api://botid-x', providerId: 'aadv2' } };
  }

  async exchangeToken(userId: string, connectionName: string, _channelId: string, request: TokenExchangeRequest): Promise<TokenResponse | undefined> {
    this.calls.push(`exchangeToken ${userId}`);
    if (!this.exchangeWorks || !request.token) throw new Error('consent required');
    this.tokens.set(userId, request.token);
    return { token: request.token, connectionName, channelId: 'msteams', expiration: '' };
  }

  async signOutUser(userId: string): Promise<void> {
    this.calls.push(`signOutUser ${userId}`);
    this.tokens.delete(userId);
  }
}

/** A JWT-shaped string with the given claims (unsigned: only read, never verified, by the code under test). */
export function fakeJwt(claims: Record<string, unknown>): string {
  const part = (o: unknown): string => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${part({ alg: 'none' })}.${part(claims)}.sig`;
}

export interface FakeTurn {
  context: TurnContext;
  /** Everything the turn sent (messages and invoke responses). */
  sent: Partial<Activity>[];
}

const USER_TOKEN_CLIENT = Symbol('UserTokenClient');

/** A TurnContext over a minimal adapter that records what is sent and carries a token-service client. */
export function fakeTurn(activity: Partial<Activity>, client: TokenServiceClient | undefined): FakeTurn {
  const sent: Partial<Activity>[] = [];
  const adapter = {
    UserTokenClientKey: USER_TOKEN_CLIENT,
    async sendActivities(_context: TurnContext, activities: Partial<Activity>[]) {
      sent.push(...activities);
      return activities.map((_, i) => ({ id: `sent-${sent.length + i}` }));
    },
  };
  const full = {
    channelId: 'msteams',
    serviceUrl: 'https://smba.example/',
    conversation: { id: 'a:1priya', conversationType: 'personal' },
    from: { id: '29:priya', name: 'Priya Raman', aadObjectId: '3f2a1c4e-5b6d-4e7f-8a9b-0c1d2e3f4a51' },
    recipient: { id: '28:bot', name: 'ShipShape' },
    ...activity,
  } as Activity;
  const context = new TurnContext(adapter as unknown as BotAdapter, full);
  if (client) context.turnState.set(USER_TOKEN_CLIENT, client);
  return { context, sent };
}
