import { test } from 'vitest';
import { startStack, type Stack, type StackOptions } from './stack.js';
import type { TeamsClient } from './teams-client.js';

/**
 * vitest fixtures for protocol tests. The stack (emulator + connector + bot) starts once per test
 * file; every test gets a fresh connector log.
 *
 *   const test = createBotTest();
 *   test('help', async ({ say }) => { const reply = await say('help'); ... });
 */
export function createBotTest(options: StackOptions = {}) {
  return test
    .extend('stackOptions', { scope: 'file' }, options)
    .extend('stack', { scope: 'file' }, async ({ stackOptions }, { onCleanup }): Promise<Stack> => {
      const stack = await startStack(stackOptions);
      onCleanup(() => stack.close());
      return stack;
    })
    .extend('teams', async ({ stack }): Promise<TeamsClient> => {
      stack.connector.reset();
      return stack.teams;
    })
    .extend('say', async ({ teams }) => teams.say.bind(teams))
    .extend('click', async ({ teams }) => teams.click.bind(teams));
}

export const botTest = createBotTest();
