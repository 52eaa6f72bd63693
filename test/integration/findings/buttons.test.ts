import { describe, expect } from 'vitest';
import { adaptiveCardOf, readableText } from '../../harness/cards.js';
import type { Json } from '../../harness/connector.js';
import { botTest as test } from '../../harness/fixture.js';
import { DEMO_TENANT_FILE, personas, readTenant } from '../../harness/personas.js';
import { expectedEstate } from './support/expected.js';
import { allPages, clickForMessage, imageRows, pageIdOf } from './support/read-card.js';

/**
 * The buttons on findings cards carry only an image id; whoever clicks gets the answer their own
 * rights allow, as a new message under the card.
 */

/** Where the demo tenant runs an image: ACI container groups naming it, by tag. */
function aciGroupsRunning(repo: string, tag: string): string[] {
  return readTenant(DEMO_TENANT_FILE)
    .resources.filter((r) => /\/containerGroups\/[^/]+$/i.test(String(r.id)))
    .filter((r) => {
      const containers = ((r.properties as Json | undefined)?.containers ?? []) as Json[];
      return containers.some((c) => String((c.properties as Json | undefined)?.image ?? '').endsWith(`/${repo}:${tag}`));
    })
    .map((r) => String(r.name));
}

describe('"Where is it running?" and "Details"', () => {
  test('Priya sees where payments/api:1.4.2 runs: its ACI group and its AKS workload', async ({ say, teams }) => {
    const reply = await say('which prod images have criticals');
    const row = (await allPages(teams, reply.card, personas.priya)).flatMap(imageRows).find((r) => r.name === 'payments/api:1.4.2');
    expect(row?.image).toBeDefined();
    const groups = aciGroupsRunning('payments/api', '1.4.2');
    expect(groups.length).toBeGreaterThan(0);

    const message = await clickForMessage(teams, 'where-running.show', { image: row?.image as string }, personas.priya);

    const text = readableText(message);
    for (const group of groups) expect(text).toContain(group);
    expect(text).toMatch(/AKS aks-contoso-prod/);
  });

  test('the same button clicked by Diego is answered with his rights, not Priya\'s', async ({ say, teams }) => {
    const reply = await say('which prod images have criticals', { as: personas.priya });
    const row = imageRows(reply.card).find((r) => r.where.startsWith('contosopayments'));
    expect(row?.image).toBeDefined();
    const diego = expectedEstate(DEMO_TENANT_FILE, personas.diego.aadObjectId);
    expect(diego.registries.some((r) => r.name === 'contosopayments'), 'Diego cannot read the payments registry').toBe(false);

    const message = await clickForMessage(teams, 'where-running.show', { image: row?.image as string }, personas.diego);

    const text = readableText(message);
    expect(text).toMatch(/can't read that image's registry/i);
    expect(text).not.toContain('aci-payments-api');
  });

  test('Details lists the image\'s open CVEs with package and fixed version', async ({ say, teams }) => {
    const reply = await say("what's wrong with payments/api:1.4.2");
    const card = adaptiveCardOf(reply.activity);
    expect(readableText(reply.activity)).toMatch(/Open findings \(\d+\)/);
    expect(readableText(reply.activity)).toContain('CVE-2021-44228');
    expect(readableText(reply.activity)).toMatch(/log4j-core .* → fixed in /);

    const row = (await allPages(teams, (await say('critical findings in prod')).card, personas.priya)).flatMap(imageRows).find((r) => r.name === 'payments/api:1.4.2');
    const message = await clickForMessage(teams, 'image-details.show', { image: row?.image as string }, personas.priya);
    expect(readableText(message)).toContain('CVE-2021-44228');
    expect(card).toBeDefined();
  });

  test('a button with something other than an image id is refused plainly', async ({ teams }) => {
    const message = await clickForMessage(teams, 'where-running.show', { image: '../../etc/passwd' }, personas.priya);
    expect(readableText(message)).toMatch(/does not name an image/i);
  });
});

describe('paging', () => {
  test('a long answer pages with "Show more" and every page stays under 28 KB', async ({ say, teams }) => {
    const reply = await say('open findings');
    expect(pageIdOf(reply.card), 'the demo tenant has more images than one page holds').toBeDefined();

    const pages = await allPages(teams, reply.card, personas.priya);

    expect(pages.length).toBeGreaterThan(1);
    for (const page of pages) expect(Buffer.byteLength(JSON.stringify(page))).toBeLessThan(28 * 1024);
    const keys = pages.flatMap(imageRows).map((r) => r.image);
    expect(new Set(keys).size, 'no image repeats across pages').toBe(keys.length);
  });
});
