import { describe, expect, test } from 'vitest';
import { createPageStore, renderMore, renderReply } from '../../../src/bot/cards/index.js';
import { commands, createCommandRouter } from '../../../src/commands/index.js';
import type { CardReply, Reply } from '../../../src/commands/types.js';
import { isUserError } from '../../../src/domain/errors.js';
import { MemoryStore } from '../cards/support/memory-store.js';
import { context } from '../commands/support/context.js';
import { findingsContext } from './support/card-scenarios.js';
import { SUB, demoEstate, manyImages } from './support/estate.js';

/** The six findings commands: which one a question reaches, and what comes back. */

const router = createCommandRouter(commands);
const card = (reply: Reply): CardReply => {
  if (reply.kind !== 'card') throw new Error(`expected a card, got text: ${reply.text}`);
  return reply;
};

describe('each question reaches the command meant for it', () => {
  test.for([
    ['which prod images have criticals', 'findings'],
    ['critical findings in production', 'findings'],
    ['vulns in prd', 'findings'],
    ['fixable highs in staging', 'findings'],
    ["what's wrong with payments/api:1.4.2", 'image-details'],
    ['show details for contosoprod.azurecr.io/web/storefront@sha256:5f75ce35', 'image-details'],
    ['which images have CVE-2024-3094', 'cves'],
    ['top CVEs in prod', 'cves'],
    ['most common vulnerabilities', 'cves'],
    ['where are vulnerable prod images running', 'where-running'],
    ['where is payments/api:1.4.2 running', 'where-running'],
    ['prod images older than 90 days', 'stale-images'],
    ['stale images in prod', 'stale-images'],
    ['outdated images', 'stale-images'],
    ['what should we fix first in prod', 'fix-first'],
    ['prioritize fixes in staging', 'fix-first'],
    ['who am i', 'whoami'],
  ] as const)('"%s" → %s', async ([text, template]) => {
    expect(card(await router.handleText(text, findingsContext())).template).toBe(template);
  });
});

describe('answers', () => {
  test('the subtitle says what was understood and what was searched, with the scan\'s age', async () => {
    const reply = card(await router.handleText('which prod images have criticals', findingsContext()));
    expect(reply.data.understood).toMatch(/^Critical findings · prod · 4 registries in 2 subscriptions you can read \(1 with a clean scan\) · Defender scan \d+ h ago$/);
  });

  test('someone who can read no subscription gets a plain message', async () => {
    const none = { ...demoEstate(), subscriptions: [] };
    const reply = await router.handleText('which prod images have criticals', findingsContext(none));
    expect(reply.kind).toBe('text');
    expect(reply.kind === 'text' && reply.text).toMatch(/can't read any Azure subscription/);
  });

  test('without a findings source the command says so on its own card (no crash)', async () => {
    const reply = card(await router.handleText('critical findings in prod', context()));
    expect(reply.template).toBe('findings');
    expect(reply.data.notice).toMatch(/not set up/);
  });

  test('a partial answer carries a refresh that asks again and completes', async () => {
    const ctx = findingsContext(demoEstate(), { hanging: [SUB.dev], budgetMs: 20 });
    const partial = card(await router.handleText('which prod images have criticals', ctx));
    expect(partial.data.partial).toBe(true);
    expect(partial.data.partialText).toMatch(/1 subscription still loading \(Contoso Dev\)/);
    expect(partial.data.refresh).toMatchObject({ action: { verb: 'findings.refresh', data: { queryId: 'query-1' } }, userIds: ['29:priya'] });
    const refreshed = await router.handleAction('findings.refresh', { queryId: 'query-1' }, ctx);
    expect(refreshed.refresh).toBe('clicker');
  });

  test('when Azure has not even listed the subscriptions in time, the answer says so and refreshes; it is not "no access"', async () => {
    const reply = card(await router.handleText('which prod images have criticals', findingsContext(demoEstate(), { hangBeforeListing: true, budgetMs: 20 })));
    expect(reply.data.partial).toBe(true);
    expect(reply.data.partialText).toMatch(/still listing the subscriptions you can read/);
    expect(reply.data.refresh).toBeDefined();
  });

  test('a refresh of a question ShipShape no longer holds is a plain UserError', async () => {
    const error = await router.handleAction('findings.refresh', { queryId: 'gone' }, findingsContext()).catch((e: unknown) => e);
    expect(isUserError(error)).toBe(true);
  });

  test.for(['where-running.show', 'image-details.show'])('%s refuses data that is not an image id', async (verb) => {
    const error = await router.handleAction(verb, { image: { nested: true } }, findingsContext()).catch((e: unknown) => e);
    expect(isUserError(error)).toBe(true);
  });

  test('Details of an image the clicker cannot read is refused, not shown', async () => {
    const devOnly = { ...demoEstate(), subscriptions: demoEstate().subscriptions.filter((s) => s.id === SUB.dev) };
    const key = `contosopayments.azurecr.io/payments/api@sha256:${'a'.repeat(64)}`;
    const error = await router.handleAction('image-details.show', { image: key }, findingsContext(devOnly)).catch((e: unknown) => e);
    expect(isUserError(error) && error.message).toMatch(/can't read that image's registry/);
  });
});

describe('card size', () => {
  test('5,000 matching images: every page stays under 28 KB, with "Show more"', async () => {
    const reply = card(await router.handleText('critical and high findings in prod', findingsContext(manyImages(5_000, 40))));
    expect(reply.summary).toMatch(/5,000 images/);
    let n = 0;
    const options = { pageStore: createPageStore(new MemoryStore(), undefined, { newId: () => `p${++n}` }), conversationId: 'c' };
    const first = await renderReply(reply, options);
    const pages = [first];
    for (let i = 0; i < 5; i++) pages.push(await renderMore(`p${n}`, options));
    for (const page of pages) expect(Buffer.byteLength(JSON.stringify(page.content))).toBeLessThan(28 * 1024);
    expect(JSON.stringify(first.content)).toContain('page.more');
    expect(JSON.stringify(first.content)).toMatch(/Listing the \d+ most urgent of 5,000 images/);
  });
});
