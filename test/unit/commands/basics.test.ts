import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { commands, createCommandRouter, defineCommand } from '../../../src/commands/index.js';
import { createHelpCommand } from '../../../src/commands/help.js';
import { ping } from '../../../src/commands/ping.js';
import type { CardReply, Command } from '../../../src/commands/types.js';
import { whoami, whoamiReply } from '../../../src/commands/whoami.js';
import { UserError } from '../../../src/domain/errors.js';
import type { WhoAmI } from '../../../src/domain/identity.js';
import { parse } from '../../../src/domain/language/index.js';
import { FakeAccessPort, NO_ACCESS, context } from './support/context.js';

const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/cards');
const persona = (name: string): WhoAmI => JSON.parse(readFileSync(path.join(FIXTURES, `whoami-${name}.fixture.json`), 'utf8')) as WhoAmI;

interface HelpGroup {
  title: string;
  commands: { title: string; description: string; examples: string }[];
}

describe('help', () => {
  test('lists every registered command, grouped, with its examples', async () => {
    const reply = (await createCommandRouter(commands).handleText('help', context())) as CardReply;
    const groups = reply.data.groups as HelpGroup[];
    const listed = groups.flatMap((g) => g.commands.map((c) => c.title));
    expect(listed.sort()).toEqual(commands.map((c) => c.title).sort());
    expect(groups.map((g) => g.title)).toEqual(['Ask', 'Act', 'Hear', 'Basics']);
    expect(reply.data.understood).toBe(`${commands.length} commands · Ask / Act / Hear / Basics`);
    const whoamiEntry = groups.find((g) => g.title === 'Basics')?.commands.find((c) => c.title === 'Who am I');
    expect(whoamiEntry?.examples).toBe('“who am i” · “what access do i have”');
  });

  test('shows only the groups that have commands, in Ask / Act / Hear / Basics order', async () => {
    const make = (name: string, group: Command['group']): Command =>
      defineCommand({ name, title: name, description: 'd', group, examples: [name], match: () => 0, run: async () => ({ kind: 'text', text: name }) });
    const list: Command[] = [];
    list.push(createHelpCommand(() => list), make('digest', 'hear'), make('findings', 'ask'));
    const reply = (await list[0]?.run(context(), parse('help'))) as CardReply;
    expect((reply.data.groups as HelpGroup[]).map((g) => g.title)).toEqual(['Ask', 'Hear', 'Basics']);
    // "Try" buttons run the first example of the first commands, by id.
    expect(reply.data.tryActions).toEqual([
      { title: 'findings', text: 'findings', command: 'findings', example: 0 },
      { title: 'digest', text: 'digest', command: 'digest', example: 0 },
    ]);
  });

  test.for(['personal', 'groupChat', 'channel'] as const)('tells people in a %s how to address the bot', async (type) => {
    const reply = (await createCommandRouter(commands).handleText('help', context({ type }))) as CardReply;
    expect(String(reply.data.tip)).toMatch(type === 'personal' ? /own words/ : /@ShipShape/);
  });
});

describe('whoami', () => {
  test('reads access with the asking user’s identity', async () => {
    const access = new FakeAccessPort(persona('priya'));
    const ctx = context({ access });
    await whoami.run(ctx, parse('whoami'));
    expect(access.asked).toEqual([ctx.user]);
  });

  test('groups role assignments by scope, broad scopes first, with portal links', () => {
    const reply = whoamiReply(persona('priya'));
    const scopes = reply.data.scopes as { label: string; kind: string; url: string; roles: { name: string; via: string }[] }[];
    expect(scopes.map((s) => `${s.label} (${s.kind})`)).toEqual([
      'Contoso Prod (subscription)',
      'Contoso Staging (subscription)',
      'Contoso Dev (subscription)',
      'rg-registries-prod (resource group)',
    ]);
    expect(scopes[0]?.roles).toEqual([
      { name: 'Reader', via: 'direct' },
      { name: 'Resource Policy Contributor', via: 'direct' },
      { name: 'Security Admin', via: 'direct' },
    ]);
    expect(scopes[3]?.url).toBe(
      'https://portal.azure.com/#@72f988bf-0000-4000-8000-00000000c0de/resource/subscriptions/1d6e3a2b-7c4f-4e5d-9a8b-000000000001/resourceGroups/rg-registries-prod',
    );
    expect(reply.data.understood).toBe('Priya Raman · 3 subscriptions you can read · 10 role assignments');
    expect(reply.list).toEqual({ field: 'scopes', pageSize: 8 });
  });

  test('says when a role reaches you through a group', () => {
    const scopes = whoamiReply(persona('mei')).data.scopes as { roles: { via: string }[] }[];
    expect(scopes.flatMap((s) => s.roles.map((r) => r.via))).toEqual(Array(6).fill('via a group'));
  });

  test('shows each subscription with its environment and a shortened id', () => {
    const subscriptions = whoamiReply(persona('diego')).data.subscriptions;
    expect(subscriptions).toEqual([
      {
        name: 'Contoso Dev',
        detail: 'dev · 1d6e3a2b…0003',
        url: 'https://portal.azure.com/#@72f988bf-0000-4000-8000-00000000c0de/resource/subscriptions/1d6e3a2b-7c4f-4e5d-9a8b-000000000003',
      },
    ]);
  });

  test('with no access says so, listing nothing', () => {
    const reply = whoamiReply(NO_ACCESS);
    expect(reply.data).toMatchObject({ noSubscriptions: true, noRoles: true, subscriptions: [], scopes: [] });
    expect(reply.summary).toBe('Sam Okafor: 0 subscriptions you can read, 0 role assignments.');
  });

  test('lists at most 15 subscriptions and counts the rest', () => {
    const many: WhoAmI = {
      ...NO_ACCESS,
      subscriptions: Array.from({ length: 20 }, (_, i) => ({ id: `00000000-0000-4000-8000-0000000000${String(i).padStart(2, '0')}`, displayName: `Sub ${String(i).padStart(2, '0')}`, tags: {} })),
    };
    const data = whoamiReply(many).data;
    expect(data.subscriptions).toHaveLength(15);
    expect(data.moreSubscriptions).toBe('…and 5 more.');
  });

  test('a UserError from Azure reaches the user unchanged', async () => {
    const error = new UserError('Your account is not known to the tenant.', { reason: 'unknown-user' });
    await expect(whoami.run(context({ access: new FakeAccessPort(error) }), parse('whoami'))).rejects.toBe(error);
  });
});

describe('ping', () => {
  test('answers pong with the version, the time and where', async () => {
    const reply = (await ping.run(context({ type: 'channel' }), parse('ping'))) as CardReply;
    expect(reply).toMatchObject({
      template: 'ping',
      data: { title: 'Pong', version: '0.1.0', time: '2025-06-15T10:00:00Z', understood: 'ShipShape 0.1.0 · channel' },
      summary: 'Pong · ShipShape 0.1.0 · 2025-06-15T10:00:00Z',
    });
  });
});
