import { expect } from 'vitest';
import { invoke, type Scope } from '../../../harness/activities.js';
import type { Json } from '../../../harness/connector.js';
import type { Persona } from '../../../harness/personas.js';
import type { PostResult } from '../../../harness/teams-client.js';
import { CONNECTION, SSO_AUDIENCE, type AuthStack } from './auth-stack.js';
import { ssoToken } from './sso.js';

export const OAUTH_CARD = 'application/vnd.microsoft.card.oauth';

export interface OAuthCardContent {
  text?: string;
  connectionName?: string;
  tokenExchangeResource?: { id?: string; uri?: string };
  buttons?: { type?: string; value?: string }[];
}

export function oauthCardOf(activity: Json | undefined): OAuthCardContent | undefined {
  const attachments = (activity?.attachments ?? []) as { contentType?: string; content?: unknown }[];
  return attachments.find((a) => a.contentType === OAUTH_CARD)?.content as OAuthCardContent | undefined;
}

/** Requests the emulator served since `since`, without its own health and SSO stand-in routes. */
export function azureCallsSince(stack: AuthStack, since: number): string[] {
  return stack.emulatorLog.slice(since).filter((line) => /^(GET|POST|PUT|PATCH|DELETE) \/(subscriptions|providers|[0-9a-f-]{36}\/oauth2)/i.test(line));
}

/** What Teams does on receiving the OAuth card in a personal chat: get an SSO token and send it for exchange. */
export async function exchangeSso(stack: AuthStack, persona: Persona, card: OAuthCardContent, options: { in?: Scope } = {}): Promise<PostResult> {
  const token = await ssoToken(stack.emulator, persona.aadObjectId, SSO_AUDIENCE);
  const activity = invoke(stack.context, {
    name: 'signin/tokenExchange',
    value: { id: card.tokenExchangeResource?.id ?? 'exchange-x', connectionName: CONNECTION, token },
    as: persona,
    in: options.in ?? 'personal',
  });
  return stack.teams.post(activity);
}

/** Signs a persona in through silent SSO from scratch and waits for the bot's confirmation. */
export async function signInWithSso(stack: AuthStack, persona: Persona): Promise<void> {
  const asked = await stack.teams.say('whoami', { as: persona });
  const card = oauthCardOf(asked.activity);
  expect(card, `${persona.name} should get a sign-in card first`).toBeDefined();
  const since = stack.connector.sent.length;
  const exchanged = await exchangeSso(stack, persona, card as OAuthCardContent);
  expect(exchanged.status).toBe(200);
  await stack.connector.waitFor((e) => e.kind !== 'create' && String(e.activity.text ?? '').includes('signed in'), { since });
}
