import { describe, expect, test } from 'vitest';
import { createCommandRouter, defineCommand } from '../../../src/commands/index.js';
import type { CardReply, Command, CommandSpec } from '../../../src/commands/types.js';
import { UserError } from '../../../src/domain/errors.js';
import { context } from './support/context.js';

/** A command that answers with its own name, matching one word with a fixed confidence. */
function command(name: string, word: string, score: number, examples: string[] = [`${word} please`], group: CommandSpec['group'] = 'ask'): Command {
  return defineCommand({
    name,
    title: name[0]?.toUpperCase() + name.slice(1),
    description: `The ${name} command.`,
    group,
    examples,
    match: (parsed) => (parsed.words.includes(word) ? score : 0),
    run: async () => ({ kind: 'text', text: name }),
  });
}

const help = command('help', 'help', 1, ['help'], 'basics');

function card(reply: unknown): CardReply {
  const r = reply as CardReply;
  expect(r.kind).toBe('card');
  return r;
}

describe('dispatch', () => {
  test('the most confident command runs', async () => {
    const router = createCommandRouter([command('weak', 'finding', 0.6), command('strong', 'finding', 0.9)]);
    expect(await router.handleText('show findings', context())).toEqual({ kind: 'text', text: 'strong' });
  });

  test('a tie goes to the command listed first', async () => {
    const router = createCommandRouter([command('first', 'finding', 0.8), command('second', 'finding', 0.8)]);
    expect(await router.handleText('findings', context())).toEqual({ kind: 'text', text: 'first' });
  });

  test('below the threshold nothing runs', async () => {
    const router = createCommandRouter([command('unsure', 'finding', 0.4), help]);
    const reply = card(await router.handleText('findings', context()));
    expect(reply.template).toBe('suggestions');
  });

  test('an empty message (only the mention) gets help', async () => {
    const router = createCommandRouter([command('xx', 'finding', 1), help]);
    expect(await router.handleText('<at>ShipShape</at>', context())).toEqual({ kind: 'text', text: 'help' });
  });

  test('match scores outside 0..1 are clamped, NaN counts as no match', async () => {
    const broken = defineCommand({ ...command('broken', 'x', 0), match: () => Number.NaN });
    const eager = defineCommand({ ...command('eager', 'x', 0), match: (p) => (p.words.includes('finding') ? 7 : 0) });
    const router = createCommandRouter([broken, eager]);
    expect(await router.handleText('findings', context())).toEqual({ kind: 'text', text: 'eager' });
  });
});

describe('unknown text gets suggestions, never silence', () => {
  const router = createCommandRouter([
    command('findings', 'finding', 0.9, ['which prod images have criticals', 'show critical findings in staging']),
    command('whoami', 'whoami', 1, ['who am i', 'what access do i have'], 'basics'),
    command('ping', 'ping', 1, ['ping'], 'basics'),
    help,
  ]);

  test('text a command understands, typos and all, runs it instead', async () => {
    expect(await router.handleText('which images in prod have criticls vulns??', context())).toEqual({ kind: 'text', text: 'findings' });
  });

  test('gibberish lists the nearest examples', async () => {
    const reply = card(await router.handleText('frobnicate the prod images', context()));
    const suggestions = reply.data.suggestions as { text: string; command: string; example: number }[];
    expect(suggestions).toHaveLength(3);
    expect(suggestions[0]).toMatchObject({ command: 'findings', text: 'which prod images have criticals', example: 0 });
    expect(new Set(suggestions.map((s) => s.command)).size).toBe(3);
    expect(reply.data.understood).toBe('I understood: prod');
    expect(reply.data.hasHelp).toBe(true);
    expect(reply.summary).toMatch(/^I didn’t catch that\. Try: “which prod images have criticals”/);
  });

  test('a long question is echoed shortened', async () => {
    const reply = card(await router.handleText(`zzz ${'x'.repeat(400)}`, context()));
    expect(String(reply.data.question).length).toBeLessThanOrEqual(201);
  });
});

describe('card actions', () => {
  const router = createCommandRouter([command('whoami', 'whoami', 1, ['who am i', 'whoami'], 'basics'), help]);

  test('help.try runs the example as if typed, in a new message', async () => {
    const result = await router.handleAction('help.try', { command: 'whoami', example: 1 }, context());
    expect(result).toEqual({ reply: { kind: 'text', text: 'whoami' }, refresh: 'new-message' });
  });

  test('help.try accepts the example index as a string (Action.Submit fallbacks stringify)', async () => {
    const result = await router.handleAction('help.try', { command: 'help', example: '0' }, context());
    expect(result.reply).toEqual({ kind: 'text', text: 'help' });
  });

  test.for([{ command: 'nope', example: 0 }, { command: 'whoami', example: 9 }, { command: 'whoami' }, {}])(
    'a stale help.try (%o) is a UserError',
    async (data) => {
      await expect(router.handleAction('help.try', data, context())).rejects.toBeInstanceOf(UserError);
    },
  );

  test('an unknown verb is a UserError that says what to do', async () => {
    const error = await router.handleAction('approval.approve', { approvalId: 'x' }, context()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).hint).toMatch(/help/);
  });

  test('page.more belongs to the card renderer', async () => {
    const error = await router.handleAction('page.more', { pageId: 'x' }, context()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(UserError);
  });
});

describe('acknowledgement', () => {
  test('names the command and what was understood', () => {
    const router = createCommandRouter([command('findings', 'finding', 0.9)]);
    const ack = router.acknowledge('<at>ShipShape</at> critical findings in prod', context());
    expect(ack).toMatchObject({ template: 'working', summary: 'Working on it…' });
    expect(ack.data).toEqual({ question: 'critical findings in prod', understood: 'Findings · Critical · prod' });
  });

  test('without a command it still says what it understood', () => {
    const router = createCommandRouter([command('findings', 'finding', 0.9)]);
    expect(router.acknowledge('prod', context()).data.understood).toBe('prod');
  });
});
