import { describe, expect, test } from 'vitest';
import { commands, createCommandRouter } from '../../../src/commands/index.js';
import { signOut } from '../../../src/commands/sign-out.js';
import type { CommandContext, SessionPort } from '../../../src/commands/types.js';
import type { UserIdentity } from '../../../src/domain/identity.js';
import { parse } from '../../../src/domain/language/index.js';
import { context } from '../commands/support/context.js';

class FakeSession implements SessionPort {
  readonly signedOut: UserIdentity[] = [];
  constructor(private readonly tokenService: boolean) {}
  async signOut(user: UserIdentity): Promise<{ tokenService: boolean }> {
    this.signedOut.push(user);
    return { tokenService: this.tokenService };
  }
}

function withSession(session: SessionPort | undefined): CommandContext {
  const ctx = context();
  return { ...ctx, services: { ...ctx.services, ...(session ? { session } : {}) } as CommandContext['services'] };
}

describe('sign out', () => {
  test.for(['sign out', 'log out', 'signout', 'please sign me out', 'logout of shipshape'])('"%s" is a sign-out request', (text) => {
    expect(signOut.match(parse(text))).toBe(1);
  });

  test.for(['who signed out the registry', 'critical findings in prod', 'ping'])('"%s" is not', (text) => {
    expect(signOut.match(parse(text))).toBeLessThan(1);
  });

  test('the router sends "sign out" to it, and it signs the asker out', async () => {
    const session = new FakeSession(true);
    const ctx = withSession(session);
    const reply = await createCommandRouter(commands).handleText('sign out', ctx);
    expect(reply).toMatchObject({ kind: 'text' });
    expect(JSON.stringify(reply)).toMatch(/signed out/i);
    expect(session.signedOut).toEqual([ctx.user]);
  });

  test('without a token service it says the local token was forgotten; without a session, that there is nothing to do', async () => {
    const local = await signOut.run(withSession(new FakeSession(false)), parse('sign out'));
    expect(JSON.stringify(local)).toMatch(/forgotten/);
    const none = await signOut.run(withSession(undefined), parse('sign out'));
    expect(JSON.stringify(none)).toMatch(/nothing to sign out/);
  });
});
