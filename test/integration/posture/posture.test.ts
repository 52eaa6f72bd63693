import { describe, expect } from 'vitest';
import { adaptiveCardOf } from '../../harness/cards.js';
import { botTest as test } from '../../harness/fixture.js';
import { personas } from '../../harness/personas.js';
import { tenantFacts } from '../../harness/tenant-facts.js';
import { estateFacts, RAW_RULES } from './support/estate.js';

/**
 * Registry posture on the demo tenant, through the Bot Framework protocol, as different people.
 * Expectations are worked out from the tenant file: which registries are production, what their
 * properties say, and what each person may read.
 */

const estate = estateFacts();
const tenant = tenantFacts();
const GENERIC_FAILURE = /something went wrong/i;

type Json = Record<string, unknown>;

/** "Admin user" → "3 of 5 pass", from the FactSet of a summary card. */
function facts(card: Json | undefined): Map<string, string> {
  const found = new Map<string, string>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(visit);
    else if (node && typeof node === 'object') {
      const n = node as Json;
      if (n.type === 'FactSet' && Array.isArray(n.facts)) for (const f of n.facts as Json[]) found.set(String(f.title), String(f.value));
      Object.values(n).forEach(visit);
    }
  };
  visit(card);
  return found;
}

/** Rows of a checklist card: title → outcome label. */
function rows(readable: string): Map<string, string> {
  const found = new Map<string, string>();
  const lines = readable.split('\n');
  lines.forEach((line, i) => {
    const m = /^\*\*(.+?)\*\*: /.exec(line);
    if (m?.[1]) found.set(m[1], lines[i - 1] ?? '');
  });
  return found;
}

describe('registry posture from chat', () => {
  test('Priya: production registries are those tagged prod, directly or through their group or subscription', async ({ say }) => {
    const prod = estate.registries.filter((r) => estate.environmentOf(r.id, r.tags) === 'prod');
    expect(prod.length, 'the demo tenant has production registries').toBeGreaterThan(2);
    // One production registry lives in the dev subscription, tagged PRODUCTION itself.
    expect(prod.some((r) => estate.environmentOf(`/subscriptions/${estate.subscriptionOf(r.id)}`) !== 'prod')).toBe(true);

    const reply = await say('audit registries in prod', { as: personas.priya });
    expect(reply.readable).not.toMatch(GENERIC_FAILURE);
    for (const r of prod) expect(reply.readable).toContain(`[${r.name}]`);
    for (const r of estate.registries.filter((x) => !prod.includes(x))) expect(reply.readable).not.toContain(`[${r.name}]`);
    expect(reply.readable).toContain(`${prod.length} registries in`);

    const counted = facts(reply.card);
    for (const [title, passes] of Object.entries(RAW_RULES)) {
      expect(counted.get(title), title).toBe(`${prod.filter(passes).length} of ${prod.length} pass`);
    }
  });

  test('Priya: one registry gets its whole checklist, each row decided by its properties', async ({ say }) => {
    for (const name of ['contosoprod', 'contosopayments', 'contosoweb']) {
      const raw = estate.registries.find((r) => r.name === name);
      if (!raw) throw new Error(`${name} missing from the demo tenant`);
      const reply = await say(`is ${name} hardened?`, { as: personas.priya });
      const outcome = rows(reply.readable);
      expect(outcome.size, name).toBe(13);
      for (const [title, passes] of Object.entries(RAW_RULES)) {
        expect(outcome.get(title) === 'Pass' || outcome.get(title) === 'Check', `${name}: ${title}`).toBe(passes(raw));
      }
      const premium = raw.sku?.name === 'Premium';
      // Premium-only rows of a Standard registry say so instead of proposing a change ACR would refuse.
      if (!premium) expect(outcome.get('Private link')).toBe('Needs Premium');
      expect(reply.readable).toContain('Enforced by: Container registries should have local admin account disabled');
    }
  });

  test('Diego sees only the registries of the subscription he can read', async ({ say }) => {
    const readable = estate.readableBy(personas.diego.aadObjectId);
    const his = estate.registries.filter((r) => readable.has(estate.subscriptionOf(r.id)));
    const hidden = estate.registries.filter((r) => !readable.has(estate.subscriptionOf(r.id)));
    expect(his.length).toBeGreaterThan(0);
    expect(hidden.length).toBeGreaterThan(0);

    const reply = await say('audit registries', { as: personas.diego });
    for (const r of his) expect(reply.readable).toContain(`[${r.name}]`);
    for (const r of hidden) expect(reply.readable).not.toContain(r.name);
    for (const sub of tenant.subscriptionNamesOf(personas.priya.aadObjectId).filter((s) => !tenant.subscriptionNamesOf(personas.diego.aadObjectId).includes(s))) {
      expect(reply.readable).not.toContain(sub);
    }
  });

  test('Sam, who can read nothing, gets a plain message naming no registry', async ({ say }) => {
    const reply = await say('audit registries in prod', { as: personas.sam });
    // A plain message: the bot's one-text-block card, no heading, no list.
    expect((reply.card?.body as unknown[] | undefined)?.length).toBe(1);
    expect(reply.readable).toMatch(/can’t read any Azure subscription/);
    for (const r of estate.registries) expect(reply.readable).not.toContain(r.name);
  });
});

describe('the fix button', () => {
  test('shows the exact request, changes nothing, and only for people who can read the registry', async ({ say, click }) => {
    const raw = estate.registries.find((r) => r.properties.adminUserEnabled === true && r.sku?.name === 'Premium');
    if (!raw) throw new Error('the demo tenant has a Premium registry with the admin user on');
    const reply = await say(`is ${raw.name} hardened?`, { as: personas.priya, in: 'channel' });
    const json = JSON.stringify(reply.card);
    const proposals = [...json.matchAll(/"verb":"posture\.fix","data":\{"proposalId":"([^"]+)"\}/g)].map((m) => m[1] ?? '');
    expect(proposals.length).toBeGreaterThan(0);
    // The card carries the proposal id and nothing that says what to change.
    expect(json).not.toMatch(/"data":\{[^}]*"adminUserEnabled"/);

    const answers = await Promise.all(proposals.map((proposalId) => click('posture.fix', { proposalId }, { as: personas.priya, in: 'channel' })));
    expect(answers.every((a) => a.statusCode === 200)).toBe(true);

    const denied = await click('posture.fix', { proposalId: proposals[0] ?? '' }, { as: personas.diego, in: 'channel' });
    const deniedText = JSON.stringify(denied.value ?? {});
    expect(deniedText).toContain(`can’t read ${raw.name}`);
    expect(deniedText).not.toContain('PATCH');

    const tampered = await click('posture.fix', { proposalId: 'x'.repeat(24) }, { as: personas.priya, in: 'channel' });
    expect(JSON.stringify(tampered.value)).toContain('expired');

    // Still as it was: read it back through the bot.
    const after = await say(`is ${raw.name} hardened?`, { as: personas.priya });
    expect(rows(after.readable).get('Admin user')).toBe('Fail');
    expect(adaptiveCardOf(after.activity)).toBeDefined();
  });
});
