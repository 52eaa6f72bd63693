import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect } from 'vitest';
import { cardText } from '../../harness/cards.js';
import type { Json } from '../../harness/connector.js';
import { limits } from '../cards/support/limits.js';
import { expectedEstate } from '../findings/support/expected.js';
import { completeCard } from '../findings/support/read-card.js';
import { botTestFor, INTERNAL } from './support/bot-test.js';
import { buildOtherTenant, type OtherPerson } from './support/other-tenant.js';

/**
 * Every read question, asked through the endpoint on a tenant generated here by two people who read
 * part of it: one reads one of its subscriptions (not the prod one), the other one resource group.
 * Each answer about prod says at its top that they read no prod subscription (Azure refuses none of them),
 * never reads as a clean prod; each answer about everything says it covers what they can read; and an
 * image they cannot see is "not visible to you".
 */
const SEED = Number(process.env.ANY_TENANT_SEED ?? 4242) + 29;
const dir = mkdtempSync(path.join(tmpdir(), 'shipshape-partial-sweep-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const other = buildOtherTenant(dir, { seed: SEED, reader: false });
const test = botTestFor(other, { DIGEST_SCHEDULER: 'off' });
const partial: OtherPerson[] = [other.people.developer, other.people.scoped];

/** Questions about prod, one per read command that takes an environment. */
const PROD_QUESTIONS = [
  'which prod images have criticals',
  'critical and high findings in prod',
  'what should we fix first in prod',
  'where are vulnerable prod images running',
  'audit registries in prod',
  'policy compliance in prod',
  'which registries violate policies in prod',
  'check prod container groups against the security guidance',
  'any privileged containers in prod?',
  'which prod containers are exposed to the internet',
  'which prod workloads use unapproved registries',
  'secrets in plain environment variables in prod',
  'what runs stale images in prod',
  'stale images in prod',
  'which prod registries are not scanned',
  'top CVEs in prod',
  'what changed in prod this week',
];

/** Questions about everything the person can read. */
const ALL_QUESTIONS = ['open findings', 'what should we fix first', 'how secure are our registries', 'is defender scanning our registries', 'top CVEs', 'policy compliance'];

const GAP = /You can read no prod subscription \(.+\): this covers only prod-tagged resources inside (it|them)\. Prod subscriptions you cannot read, if there are any, are not included\./;
const REFUSED = /You don't have permission for this in Azure/;

/** What a person reads first: the card's what-is-left-out block, else the card; a text reply's first paragraph. */
function topOf(card: Json | undefined, text: string): string {
  if (!card) return text.split('\n\n')[0] ?? '';
  const block = limits(card);
  if (block.length > 0) return block.join(' ');
  return cardText(card);
}

describe(`partial rights on a generated tenant (seed ${SEED})`, () => {
  test('the two people read part of the estate and no prod subscription', () => {
    const everyone = expectedEstate(other.file, other.people.lead.aadObjectId);
    expect(everyone.registries.some((r) => r.env === 'prod')).toBe(true);
    for (const who of partial) {
      const mine = expectedEstate(other.file, who.aadObjectId);
      expect(mine.registries.length, who.role).toBeGreaterThan(0);
      expect(mine.registries.length, who.role).toBeLessThan(everyone.registries.length);
    }
  });

  test.for(partial.flatMap((who) => PROD_QUESTIONS.map((q) => [who.role, q, who] as const)))('%s: "%s" says at its top what it leaves out', async ([, question, who], { teams }) => {
    const reply = await teams.say(question, { as: who, timeoutMs: 30_000 });
    expect(reply.readable).not.toMatch(INTERNAL);
    const card = reply.card ? await completeCard(teams, reply.card, who) : undefined;
    const top = topOf(card, reply.card ? '' : reply.readable);
    expect(reply.readable).not.toMatch(REFUSED);
    expect(top, reply.readable).toMatch(GAP);
  });

  test.for(partial.flatMap((who) => ALL_QUESTIONS.map((q) => [who.role, q, who] as const)))('%s: "%s" says it covers what they can read', async ([, question, who], { teams }) => {
    const reply = await teams.say(question, { as: who, timeoutMs: 30_000 });
    expect(reply.readable).not.toMatch(INTERNAL);
    expect(reply.readable).not.toMatch(REFUSED);
    const card = reply.card ? await completeCard(teams, reply.card, who) : undefined;
    const head = card ? cardText({ body: ((card.body ?? []) as Json[]).slice(0, 3) }) : reply.readable;
    expect(head, reply.readable).toMatch(/\d+ subscriptions? you can read|subscriptions? you can read/);
    // Rights on one resource group list its whole subscription: the answer says it covers only part of it.
    if (who === other.people.scoped) expect(topOf(card, card ? '' : reply.readable), reply.readable).toMatch(/You can read only some resource groups of .+: this covers those; the rest of .+ is not included\./);
    else expect(reply.readable).not.toMatch(/You can read only some resource groups/);
  });

  test('policy compliance for a reader of one resource group covers that group and says the rest of its subscription is left out', async ({ teams }) => {
    const who = other.people.scoped;
    const group = other.scopedGroup.split('/').pop() as string;
    for (const question of ['policy compliance', 'which registries violate policies']) {
      const reply = await teams.say(question, { as: who, timeoutMs: 30_000 });
      expect(reply.readable, question).not.toMatch(INTERNAL);
      expect(reply.readable, question).not.toMatch(REFUSED);
      const top = topOf(reply.card, reply.card ? '' : reply.readable);
      expect(top, question).toMatch(new RegExp(`You can read only some resource groups of .+ \\(${group}\\): this covers those; the rest of .+ is not included\\.`));
    }
  });

  test.for(partial.map((who) => [who.role, who] as const))('%s: a prod digest read with their own access says it first', async ([, who], { teams }) => {
    const subscribed = await teams.say('send a daily digest here at 9:00 for prod Europe/Paris', { as: who });
    expect(subscribed.readable).not.toMatch(INTERNAL);
    const digest = await teams.say('digest now', { as: who, timeoutMs: 30_000 });
    expect(digest.readable).not.toMatch(INTERNAL);
    expect(topOf(digest.card, '')).toMatch(GAP);
  });

  test.for(partial.map((who) => [who.role, who] as const))("%s: an image in a prod registry they cannot read is not visible to them, not clean", async ([, who], { teams }) => {
    const everyone = expectedEstate(other.file, other.people.lead.aadObjectId);
    const mine = new Set(expectedEstate(other.file, who.aadObjectId).registries.map((r) => r.name));
    const hidden = everyone.images.find((i) => i.env === 'prod' && !mine.has(i.registry) && i.counts.Critical > 0) as (typeof everyone.images)[number];
    expect(hidden).toBeDefined();
    const tag = other.tenant.resources
      .map((r) => (r as unknown as Json).properties as Json | undefined)
      .map((p) => (p?.additionalData as Json | undefined)?.artifactDetails as Json | undefined)
      .find((a) => a && `${String(a.registryHost).toLowerCase()}/${String(a.repositoryName).toLowerCase()}@${String(a.digest).toLowerCase()}` === hidden.key);
    const name = `${String(tag?.repositoryName)}:${String((tag?.tags as string[] | undefined)?.[0])}`;
    for (const question of [`what's wrong with ${name}`, `where is ${name} running`]) {
      const reply = await teams.say(question, { as: who, timeoutMs: 30_000 });
      expect(reply.readable, question).not.toMatch(INTERNAL);
      expect(reply.readable, question).toMatch(/not visible to you/);
      expect(reply.readable, question).not.toMatch(/no open findings|No image .* with Defender findings|is not running anywhere/i);
    }
  });
});
