import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { cardAction, message } from '../../harness/activities.js';
import { personas } from '../../harness/personas.js';
import { startAuthStack, type AuthStack } from './support/auth-stack.js';

/**
 * Production accepts Teams only, and only the tenants the deployment serves: an activity signed
 * with a key Bot Framework endorses for webchat, or one from another tenant, is refused with 403
 * before any bot code runs. Malformed activities get a 400, and signing keys that cannot be
 * fetched a 503.
 */
let stack: AuthStack;
const FOREIGN_TENANT = '0badc0de-1111-4000-8000-00000000f00d';

beforeAll(async () => {
  stack = await startAuthStack({ logLevel: 'info' });
});
afterAll(async () => {
  await stack?.close();
});
beforeEach(() => {
  stack.connector.reset();
});

function fromTenant(activity: Record<string, unknown>, tenantId: string): Record<string, unknown> {
  const conversation = activity.conversation as Record<string, unknown>;
  const channelData = activity.channelData as Record<string, unknown>;
  return { ...activity, conversation: { ...conversation, tenantId }, channelData: { ...channelData, tenant: { id: tenantId } } };
}

async function nothingRan(emulatorBefore: number, tokenServiceBefore: number): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 150));
  expect(stack.connector.sent).toEqual([]);
  expect(stack.emulatorLog.slice(emulatorBefore)).toEqual([]);
  expect(stack.tokenService.calls.slice(tokenServiceBefore)).toEqual([]);
}

describe('Teams only, only served tenants', () => {
  test('a validly signed webchat activity is refused with 403 and nothing runs', async () => {
    const [emulatorBefore, tokenServiceBefore] = [stack.emulatorLog.length, stack.tokenService.calls.length];
    const activity: Record<string, unknown> = { ...message(stack.context, { text: 'whoami', as: personas.priya }), channelId: 'webchat' };
    const token = await stack.openid.channelToken({ serviceUrl: String(activity.serviceUrl), signer: 'webchat' });
    const result = await stack.teams.post(activity, { headers: { authorization: `Bearer ${token}` } });
    expect(result.status).toBe(403);
    await nothingRan(emulatorBefore, tokenServiceBefore);
    expect(stack.logs.some((l) => l.includes(String(activity.id)) && l.includes('channel or tenant not accepted'))).toBe(true);
  });

  test('an approval click from another tenant is refused with 403 and nothing runs', async () => {
    const [emulatorBefore, tokenServiceBefore] = [stack.emulatorLog.length, stack.tokenService.calls.length];
    const click = fromTenant(cardAction(stack.context, { verb: 'approval.approve', data: { approvalId: 'abcdefgh12345678' }, as: personas.priya, in: 'groupChat' }), FOREIGN_TENANT);
    const result = await stack.teams.post(click);
    expect(result.status).toBe(403);
    expect(result.body).not.toContain('AdaptiveCard');
    await nothingRan(emulatorBefore, tokenServiceBefore);
  });

  test('the same activity from the served tenant is answered (the refusals are about channel and tenant)', async () => {
    const reply = await stack.teams.say('ping', { as: personas.priya });
    expect(reply.status).toBe(200);
    expect(reply.readable).toMatch(/pong/i);
  });

  test('malformed fields are a 400, not a failed turn', async () => {
    const bad = [
      { ...message(stack.context, { text: 'ping', as: personas.priya }), entities: { type: 'mention' } },
      { ...message(stack.context, { text: 'ping', as: personas.priya }), entities: [null] },
      { ...message(stack.context, { text: 'ping', as: personas.priya }), type: 'conversationUpdate', membersAdded: '29:abc' },
    ];
    for (const activity of bad) {
      const result = await stack.teams.post(activity);
      expect(result.status).toBe(400);
      expect(result.body).not.toMatch(/Something went wrong/);
    }
    expect(stack.connector.sent).toEqual([]);
  });
});

describe('signing keys that cannot be fetched', () => {
  test('a 503 the channel retries, not a 500', async () => {
    const unreachable = await startAuthStack({ env: { BOT_OPENID_METADATA_URL: 'http://127.0.0.1:9/v1/.well-known/openidconfiguration' } });
    try {
      const activity = message(unreachable.context, { text: 'ping', as: personas.priya });
      const result = await unreachable.teams.post(activity);
      expect(result.status).toBe(503);
      expect(result.body).toMatch(/AuthenticationUnavailable/);
    } finally {
      await unreachable.close();
    }
  });
});
