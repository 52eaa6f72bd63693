import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { personas } from '../../harness/personas.js';
import { startChatStack, type ChatStack } from '../digest/support/chat-stack.js';

/** "who can approve this?" end to end: the request's permission, the roles granting it and their holders, read from the emulator's RBAC. */

let stack: ChatStack;

beforeAll(async () => {
  stack = await startChatStack('shipshape-approvers-');
}, 60_000);

afterAll(async () => {
  await stack?.close();
});

describe('who can approve', () => {
  test('names the permission, the roles that grant it at the scope and who holds them', async () => {
    const asked = await stack.bot.teams.say('disable the admin user on registry contosodev', { as: personas.priya });
    expect(asked.readable).toContain('Waiting for approval');
    const who = await stack.bot.teams.say('who can approve this?', { as: personas.priya });
    expect(who.readable).toContain('Microsoft.ContainerRegistry/registries/write');
    expect(who.readable).toContain('Roles that grant it there: Contributor, Owner.');
    // The requester cannot approve their own change, so is never offered as an approver.
    expect(who.readable).not.toContain(personas.priya.aadObjectId);
  }, 90_000);
});
