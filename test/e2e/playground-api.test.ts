import { afterEach, describe, expect, test } from 'vitest';
import { readableText } from '../harness/cards.js';
import { personas, type Persona } from '../harness/personas.js';
import { PlaygroundClient } from '../harness/playground-client.js';
import { startStack, type Stack } from '../harness/stack.js';
import { tenantFacts } from '../harness/tenant-facts.js';
import { startPlaygroundFor, startPlaygroundStack } from './playground-stack.js';

/**
 * The launcher's Playground, driven through its own API (no browser): the people in it are the
 * tenant's people, and who is signed in decides whose Azure rights the bot uses.
 */
const tenant = tenantFacts();
const cleanups: (() => Promise<void> | void)[] = [];

afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
});

/** Signs `signedIn` into a fresh Playground in front of the stack's bot and asks "whoami". */
async function whoamiAs(stack: Stack, signedIn: Persona): Promise<string> {
  // The same people every time; only who is signed in changes.
  const people = [personas.priya, personas.diego, personas.mei, personas.sam];
  const playground = await startPlaygroundFor(stack, people, { signedIn });
  cleanups.push(() => playground.stop());
  const client = await PlaygroundClient.connect(playground.url);
  cleanups.push(() => client.close());
  const config = await client.config();
  expect(config.currentUser.aadObjectId).toBe(signedIn.aadObjectId);
  await client.send(config.personalChat.id, 'whoami', { fromId: config.currentUser.id });
  const answer = await client.waitForMessage(config.personalChat.id, (_m, text) => text !== '' && !/^working on it/i.test(text));
  return readableText(answer);
}

// Starting the emulator (with a fresh CA), the bot and the Playground takes a few seconds on two cores.
describe('Agents Playground launcher', { timeout: 45_000 }, () => {
  test('loads the tenant people, bound to loopback, with the bot as written', async () => {
    const running = await startPlaygroundStack([personas.priya, personas.diego, personas.mei, personas.sam]);
    cleanups.push(() => running.close());
    const client = await PlaygroundClient.connect(running.playground.url);
    cleanups.push(() => client.close());
    const config = await client.config();

    expect(new URL(running.playground.url).hostname).toBe('127.0.0.1');
    expect(config.tenantId).toBe(tenant.tenantId);
    expect(config.currentUser.aadObjectId).toBe(personas.priya.aadObjectId);
    expect(config.users.map((u) => u.aadObjectId)).toEqual(
      expect.arrayContaining([personas.diego.aadObjectId, personas.mei.aadObjectId, personas.sam.aadObjectId]),
    );
    // The Playground insists on exactly five other users; fillers are people no tenant knows.
    expect(config.users).toHaveLength(5);
    for (const filler of config.users.filter((u) => !Object.values(personas).some((p) => p.id === u.id))) {
      expect(tenant.isPrincipal(filler.aadObjectId)).toBe(false);
    }
    expect(config.bot).toEqual(running.stack.context.bot);
  });

  test('signed in as Diego, whoami shows Diego\'s rights; as Priya, Priya\'s', async () => {
    const stack = await startStack({ connector: false });
    cleanups.push(() => stack.close());

    const diego = await whoamiAs(stack, personas.diego);
    const priya = await whoamiAs(stack, personas.priya);

    for (const role of tenant.roleNamesOf(personas.diego.aadObjectId)) expect(diego).toContain(role);
    for (const role of tenant.roleNamesOf(personas.priya.aadObjectId)) expect(priya).toContain(role);
    const diegoSubscriptions = tenant.subscriptionNamesOf(personas.diego.aadObjectId);
    const priyaOnly = tenant.subscriptionNamesOf(personas.priya.aadObjectId).filter((s) => !diegoSubscriptions.includes(s));
    expect(priyaOnly.length).toBeGreaterThan(0);
    for (const subscription of priyaOnly) {
      expect(priya).toContain(subscription);
      expect(diego).not.toContain(subscription);
    }
  });
});
