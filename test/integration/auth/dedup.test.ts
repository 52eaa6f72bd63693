import { afterEach, describe, expect, test } from 'vitest';
import { invoke } from '../../harness/activities.js';
import type { SentEntry } from '../../harness/connector.js';
import { personas, type Persona } from '../../harness/personas.js';
import { CONNECTION, SSO_AUDIENCE, startAuthStack, type AuthStack } from './support/auth-stack.js';
import { ssoToken } from './support/sso.js';

/**
 * A person signed in to Teams on several devices makes each client send the same
 * `signin/tokenExchange`; behind a load balancer they reach different instances. The exchange id
 * is recorded with a create-only write in the store the instances share, so exactly one instance
 * goes on to process it. Separate stores (the control) process it twice: the check can fail.
 */

let stack: AuthStack | undefined;
afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

async function exchangeEverywhere(s: AuthStack, persona: Persona, exchangeId: string): Promise<{ statuses: number[]; confirmations: SentEntry[] }> {
  const token = await ssoToken(s.emulator, persona.aadObjectId, SSO_AUDIENCE);
  // One activity, as each Teams client would send it: same exchange id, same conversation.
  const activity = invoke(s.context, { name: 'signin/tokenExchange', value: { id: exchangeId, connectionName: CONNECTION, token }, as: persona });
  const since = s.connector.sent.length;
  const results = await Promise.all(s.instances.map((instance) => instance.teams.post(activity)));
  // Let any instance that went on finish sending its confirmation.
  await new Promise((resolve) => setTimeout(resolve, 300));
  const confirmations = s.connector.sent.slice(since).filter((e) => e.kind !== 'create' && String(e.activity.text ?? '').includes('signed in'));
  return { statuses: results.map((r) => r.status), confirmations };
}

describe('token exchange deduplication across instances', () => {
  test('two instances sharing a store process one exchange once', async () => {
    stack = await startAuthStack({ instances: 2 });
    const first = await exchangeEverywhere(stack, personas.priya, 'exchange-shared-1');
    expect(first.statuses).toEqual([200, 200]);
    expect(first.confirmations).toHaveLength(1);

    // Dedup is per exchange, not per person: the next sign-in goes through again.
    const second = await exchangeEverywhere(stack, personas.priya, 'exchange-shared-2');
    expect(second.confirmations).toHaveLength(1);
    // Either instance can now answer as Priya: the token lives in the token service, not in one instance.
    for (const instance of stack.instances) {
      const reply = await instance.teams.say('whoami', { as: personas.priya });
      expect(reply.readable).toContain('Priya');
      expect(reply.readable).not.toMatch(/sign in/i);
    }
  });

  test('control: instances with separate stores each process it', async () => {
    stack = await startAuthStack({ instances: 2, separateStores: true });
    const result = await exchangeEverywhere(stack, personas.diego, 'exchange-separate-1');
    expect(result.statuses).toEqual([200, 200]);
    expect(result.confirmations).toHaveLength(2);
  });
});
