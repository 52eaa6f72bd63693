import { describe, expect, test } from 'vitest';
import { createCommandRouter, defineCommand } from '../../../src/commands/index.js';
import type { ActionResult, CommandSpec } from '../../../src/commands/types.js';

const ok = async (): Promise<ActionResult> => ({ reply: { kind: 'text', text: 'ok' }, refresh: 'clicker' });

function spec(overrides: Partial<CommandSpec> = {}): CommandSpec {
  return {
    name: 'thing',
    title: 'Thing',
    description: 'Does a thing.',
    group: 'ask',
    examples: ['do the thing'],
    match: () => 0,
    run: async () => ({ kind: 'text', text: 'thing' }),
    ...overrides,
  };
}

describe('defineCommand', () => {
  test.for<[string, Partial<CommandSpec>]>([
    ['an upper-case name', { name: 'Thing' }],
    ['a name with a dot', { name: 'thing.x' }],
    ['no examples', { examples: [] }],
    ['an empty title', { title: ' ' }],
    ['an action with a dot', { actions: { 'a.b': ok } }],
  ])('rejects %s', ([, overrides]) => {
    expect(() => defineCommand(spec(overrides))).toThrow();
  });

  test('returns a frozen value', () => {
    const command = defineCommand(spec());
    expect(Object.isFrozen(command)).toBe(true);
    expect(Object.isFrozen(command.examples)).toBe(true);
  });
});

describe('the registry', () => {
  test('rejects two commands with one name', () => {
    expect(() => createCommandRouter([defineCommand(spec()), defineCommand(spec({ title: 'Other' }))])).toThrow(/named "thing"/);
  });

  test('rejects reserved names and verbs', () => {
    expect(() => createCommandRouter([defineCommand(spec({ name: 'page' }))])).toThrow(/reserved/);
    expect(() => createCommandRouter([defineCommand(spec({ name: 'help', actions: { try: ok } }))])).toThrow(/help\.try.*reserved/);
  });

  test('routes each verb to its command', async () => {
    const seen: string[] = [];
    const handler = (label: string) => async (): Promise<ActionResult> => {
      seen.push(label);
      return ok();
    };
    const router = createCommandRouter([
      defineCommand(spec({ name: 'approval', actions: { approve: handler('approve'), reject: handler('reject') } })),
      defineCommand(spec({ name: 'exemption', actions: { approve: handler('exemption') } })),
    ]);
    const ctx = {} as never;
    await router.handleAction('approval.reject', { approvalId: 'a1' }, ctx);
    await router.handleAction('exemption.approve', {}, ctx);
    expect(seen).toEqual(['reject', 'exemption']);
  });

  test('lists commands in registry order', () => {
    const a = defineCommand(spec({ name: 'alpha' }));
    const b = defineCommand(spec({ name: 'beta' }));
    expect(createCommandRouter([a, b]).list().map((c) => c.name)).toEqual(['alpha', 'beta']);
  });
});
