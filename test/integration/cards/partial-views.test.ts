import { describe, expect } from 'vitest';
import { botTest as test } from '../../harness/fixture.js';
import { DEMO_TENANT_FILE, personas } from '../../harness/personas.js';
import { expectedEstate } from '../findings/support/expected.js';
import { completeCard } from '../findings/support/read-card.js';
import { limits } from './support/limits.js';

/**
 * A person with partial rights (Diego: Reader on the dev subscription) is told, at the top of each
 * answer, what it leaves out; an image he cannot see is "not visible to you", never "no findings".
 */

describe('partial views say so at the top', () => {
  test.for([
    'which prod images have criticals',
    'what should we fix first in prod',
    'stale images in prod',
    'which prod images have CVE-2021-44228',
  ])('Diego: "%s" says he reads no prod subscription', async (question, { say, teams }) => {
    const diego = expectedEstate(DEMO_TENANT_FILE, personas.diego.aadObjectId);
    const priya = expectedEstate(DEMO_TENANT_FILE, personas.priya.aadObjectId);
    expect(diego.registries.length).toBeLessThan(priya.registries.length);

    const reply = await say(question, { as: personas.diego, timeoutMs: 30_000 });
    const card = await completeCard(teams, reply.card, personas.diego);

    const top = limits(card).join(' ');
    expect(top).toContain(`You can read no prod subscription (${diego.subscriptionNames.join(', ')}`);
    expect(top).toMatch(/Prod subscriptions you cannot read, if there are any, are not included/);
  });

  test('Priya, who reads a prod subscription and every registry her workloads use, gets no such notice', async ({ say, teams }) => {
    const reply = await say('which prod images have criticals', { timeoutMs: 30_000 });
    const card = await completeCard(teams, reply.card, personas.priya);
    expect(limits(card).join(' ')).not.toMatch(/Not visible to you|You can read no/);
  });

  test('an image Diego cannot see is "not visible to you", not "no findings"', async ({ say }) => {
    const reply = await say("what's wrong with payments/api:1.4.2", { as: personas.diego, timeoutMs: 30_000 });
    expect(reply.readable).toMatch(/payments\/api:1\.4\.2 is not visible to you/);
    expect(reply.readable).not.toMatch(/no open findings|No image .* with Defender findings/i);

    const priya = await say("what's wrong with payments/api:1.4.2", { timeoutMs: 30_000 });
    expect(priya.readable).not.toMatch(/not visible to you/);
    expect(priya.readable).toMatch(/Open findings \(\d+\)/);
  });
});

