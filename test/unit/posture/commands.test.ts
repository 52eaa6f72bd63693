import { describe, expect, test } from 'vitest';
import { commands, createCommandRouter, DISPATCH_THRESHOLD } from '../../../src/commands/index.js';
import type { CardReply } from '../../../src/commands/types.js';
import { UserError } from '../../../src/domain/errors.js';
import { parse } from '../../../src/domain/language/index.js';
import { createFixProposalStore, PROPOSAL_TTL_SECONDS, registryNames } from '../../../src/domain/posture/index.js';
import { proposalIdsOf, SCENARIO_REGISTRIES } from './card-scenarios.js';
import { FakePosturePort, MemoryDocuments, postureContext, searched } from './fakes.js';

/** Which command answers which phrasing, and the fix button's server-side state. */

function best(text: string): string | undefined {
  const parsed = parse(text);
  let winner: { name: string; score: number } | undefined;
  for (const c of commands) {
    const score = c.match(parsed);
    if (!winner || score > winner.score) winner = { name: c.name, score };
  }
  return winner && winner.score >= DISPATCH_THRESHOLD ? winner.name : undefined;
}

describe('phrasings', () => {
  test.for([
    ['audit registries in prod', 'posture'],
    ['is contosoprod hardened?', 'posture'],
    ['registry posture in dev', 'posture'],
    ['how secure are our registries', 'posture'],
    ['check the registry contosoweb', 'posture'],
    ['ACR policy compliance in rg-x', 'compliance'],
    ['which registries violate policies in prod', 'compliance'],
    ['is contosopayments compliant', 'compliance'],
    ['which policies are assigned to rg-x', 'assignments'],
    ['policy assignments in prod', 'assignments'],
    ['what policies apply to rg-aks-prod', 'assignments'],
    ['who am i', 'whoami'],
    ['my role assignments', 'whoami'],
  ] as const)('“%s” → %s', ([text, command]) => {
    expect(best(text)).toBe(command);
  });

  test('requests for changes are not taken for questions', () => {
    expect(best('assign the ACR private-link policy to rg-x')).not.toBe('assignments');
    expect(best('assign the ACR private-link policy to rg-x')).not.toBe('compliance');
  });

  test('registry names: the parser’s, or an unknown word shaped like one; never the question’s own words', () => {
    expect(registryNames(parse('is contosoprod hardened?'))).toEqual({ names: ['contosoprod'], explicit: false });
    expect(registryNames(parse('posture of contosoprod.azurecr.io'))).toEqual({ names: ['contosoprod'], explicit: true });
    expect(registryNames(parse('which registries violate policies in prod')).names).toEqual([]);
    expect(registryNames(parse('registry posture in dev')).names).toEqual([]);
  });
});

describe('posture answers', () => {
  const router = createCommandRouter(commands);

  test('one registry: a checklist whose failing rows carry only a proposal id; many: a summary', async () => {
    const ctx = postureContext({ posture: new FakePosturePort(SCENARIO_REGISTRIES) });
    const one = (await router.handleText('is contosopayments hardened', ctx)) as CardReply;
    expect(one.template).toBe('posture-registry');
    expect(proposalIdsOf(one).length).toBeGreaterThan(3);
    const all = (await router.handleText('audit registries', ctx)) as CardReply;
    expect(all.template).toBe('posture-summary');
    expect(String(all.data.understood)).toContain('3 registries in 1 of the 2 subscriptions you can read');
  });

  test('an unknown registry named for sure is an error with near names; a guessed one is ignored', async () => {
    const ctx = postureContext({ posture: new FakePosturePort(SCENARIO_REGISTRIES) });
    await expect(router.handleText('posture of contosoprd.azurecr.io', ctx)).rejects.toThrow(/contosoprd.*/);
    await expect(router.handleText('posture of contosoprd.azurecr.io', ctx)).rejects.toMatchObject({ hint: expect.stringContaining('contosoprod') });
    const guessed = (await router.handleText('is zzzzzz hardened', ctx)) as CardReply;
    expect(guessed.template).toBe('posture-summary');
  });

  test('someone who can read nothing gets a plain message', async () => {
    const ctx = postureContext({ posture: new FakePosturePort([], { readable: [], searched: [], resourceGroups: [] }) });
    const reply = await router.handleText('audit registries in prod', ctx);
    expect(reply.kind).toBe('text');
    expect(reply.kind === 'text' ? reply.text : '').toMatch(/can’t read any Azure subscription/);
  });

  test('no registry in the environment asked about', async () => {
    const ctx = postureContext({ posture: new FakePosturePort(SCENARIO_REGISTRIES, searched()) });
    const reply = await router.handleText('audit registries in staging', ctx);
    expect(reply.kind === 'text' ? reply.text : '').toMatch(/No registries tagged staging/);
  });
});

describe('the fix button', () => {
  const router = createCommandRouter(commands);

  async function proposal(ctx = postureContext({ posture: new FakePosturePort(SCENARIO_REGISTRIES) })) {
    const card = (await router.handleText('is contosopayments hardened', ctx)) as CardReply;
    return { ctx, ids: proposalIdsOf(card) };
  }

  test('shows the exact request and changes nothing; the same checklist gives the same ids', async () => {
    const { ctx, ids } = await proposal();
    const again = proposalIdsOf((await router.handleText('is contosopayments hardened', ctx)) as CardReply);
    expect(again).toEqual(ids);
    const result = await router.handleAction('posture.fix', { proposalId: ids[0] }, ctx);
    expect(result.refresh).toBe('new-message');
    const card = result.reply as CardReply;
    expect(String(card.data.request)).toMatch(/^(PATCH|PUT) \/subscriptions\/.+\?api-version=2025-11-01$/);
    expect(JSON.parse(String(card.data.body))).toBeTypeOf('object');
    expect(String(card.data.understood)).toContain('nothing has been changed');
  });

  test('what runs comes from the server, never from the card: unknown ids and other conversations are refused', async () => {
    const { ctx, ids } = await proposal();
    await expect(router.handleAction('posture.fix', { proposalId: 'made-up-proposal-id-000' }, ctx)).rejects.toBeInstanceOf(UserError);
    await expect(router.handleAction('posture.fix', { proposalId: ids[0], registryId: '/subscriptions/x', body: '{}' }, ctx)).resolves.toBeDefined();
    const elsewhere = { ...ctx, conversation: { ...ctx.conversation, id: 'another-chat' } };
    await expect(router.handleAction('posture.fix', { proposalId: ids[0] }, elsewhere)).rejects.toMatchObject({ reason: 'stale-action' });
  });

  test('the person who presses must be able to read the registry; a fixed registry says so', async () => {
    const { ctx, ids } = await proposal();
    const stranger = { ...ctx, services: { ...ctx.services, posture: new FakePosturePort([]) } };
    await expect(router.handleAction('posture.fix', { proposalId: ids[0] }, stranger)).rejects.toMatchObject({ reason: 'forbidden' });
    const fixed = SCENARIO_REGISTRIES.map((r) => (r.name === 'contosopayments' ? { ...r, adminUserEnabled: false } : r));
    const checklist = (await router.handleText('is contosopayments hardened', ctx)) as CardReply;
    const admin = (checklist.data.rows as Array<{ title: string; proposalId: string }>).find((r) => r.title === 'Admin user')?.proposalId;
    const now = { ...ctx, services: { ...ctx.services, posture: new FakePosturePort(fixed) } };
    const answer = (await router.handleAction('posture.fix', { proposalId: admin }, now)).reply as CardReply;
    expect(answer.data.understood).toBe('Already fixed');
    expect(answer.data.request).toBe('');
  });

  test('proposals are kept a week, under ids the store validates', async () => {
    const docs = new MemoryDocuments();
    const store = createFixProposalStore(docs);
    const { ids } = await proposal(postureContext({ posture: new FakePosturePort(SCENARIO_REGISTRIES), fixes: store }));
    expect([...docs.items.values()].every((i) => i.ttlSeconds === PROPOSAL_TTL_SECONDS)).toBe(true);
    expect(await store.load(ids[0] ?? '')).toMatchObject({ registryName: 'contosopayments', conversationId: 'conv-posture' });
    expect(await store.load('../../etc/passwd')).toBeUndefined();
  });
});
