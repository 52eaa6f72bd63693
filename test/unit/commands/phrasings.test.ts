import { describe, expect, test } from 'vitest';
import { commands, createCommandRouter } from '../../../src/commands/index.js';
import type { CardReply, Reply } from '../../../src/commands/types.js';
import { FakeAccessPort, NO_ACCESS, context } from './support/context.js';

/** Which template answered: the command's own card, or "suggestions" when nothing matched. */
async function answeredBy(text: string): Promise<string> {
  const router = createCommandRouter(commands);
  const reply: Reply = await router.handleText(text, context({ access: new FakeAccessPort(NO_ACCESS) }));
  return (reply as CardReply).template;
}

describe('the shipped commands understand many phrasings', () => {
  test.for<[string, string]>([
    ['help', 'help'],
    ['HELP', 'help'],
    ['  help  ', 'help'],
    ['<at>ShipShape</at> help', 'help'],
    ['help <at>ShipShape</at>', 'help'],
    ['hlep', 'help'],
    ['?', 'help'],
    ['what can you do', 'help'],
    ['what can you do?', 'help'],
    ['commands', 'help'],
    ['show me the commands', 'help'],
    ['how does this work', 'help'],
    ['hi', 'help'],
    ['hello there', 'help'],
    ['', 'help'],
    ['whoami', 'whoami'],
    ['WhoAmI', 'whoami'],
    ['who am i', 'whoami'],
    ['who am I?', 'whoami'],
    ['whomai', 'whoami'],
    ['what access do i have', 'whoami'],
    ['my access', 'whoami'],
    ['show my roles', 'whoami'],
    ['my role assignments', 'whoami'],
    ['what are my permissions', 'whoami'],
    ['which subscriptions can i read', 'whoami'],
    ['my subscriptions', 'whoami'],
    ['ping', 'ping'],
    ['Ping!', 'ping'],
    ['pign', 'ping'],
    ['are you there', 'ping'],
    ['are you alive?', 'ping'],
    ['which version', 'ping'],
    ['frobnicate the turbo encabulator', 'suggestions'],
    ['asdf qwerty', 'suggestions'],
    ['critical findings in prod', 'suggestions'],
  ])('%s → %s', async ([text, template]) => {
    expect(await answeredBy(text)).toBe(template);
  });
});

describe('every example in the registry', () => {
  const router = createCommandRouter(commands);
  const examples = commands.flatMap((c) => c.examples.map((e) => [c.name, e] as const));

  test.for(examples)('%s: "%s" reaches its own command', async ([name, example]) => {
    const command = commands.find((c) => c.name === name);
    expect(command).toBeDefined();
    const others = router.list().filter((c) => c !== command);
    const { parse } = await import('../../../src/domain/language/index.js');
    const parsed = parse(example);
    const own = command?.match(parsed) ?? 0;
    expect(own).toBeGreaterThanOrEqual(0.5);
    for (const other of others) expect(other.match(parsed), `${other.name} competes for "${example}"`).toBeLessThan(own);
  });
});
