import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect } from 'vitest';
import { generateTenant } from '../../../src/emulator/generate/index.js';
import { createBotTest } from '../../harness/fixture.js';
import { personas } from '../../harness/personas.js';
import { expectedEstate, expectedMatches } from './support/expected.js';
import { cardText } from '../../harness/cards.js';
import { allPages, completeCard, imageRows, pageIdOf } from './support/read-card.js';

/** 5,000 matching images through /api/messages: every card Teams receives stays under 28 KB. */
const dir = mkdtempSync(path.join(tmpdir(), 'shipshape-5000-'));
const tenantFile = path.join(dir, 'tenant.json');
await generateTenant({ out: tenantFile, subscriptions: 2, registries: 10, images: 5_000, findings: 10_000, seed: 5000 });
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const test = createBotTest({ tenantFile });
const LIMIT = 28 * 1024;

describe('card size', () => {
  test('5,000 images with open findings: the answer says so, and every page fits in a Teams message', { timeout: 60_000 }, async ({ say, teams }) => {
    const matching = expectedMatches(expectedEstate(tenantFile, personas.priya.aadObjectId), ['Critical', 'High', 'Medium', 'Low']);
    expect(matching.length).toBe(5_000);

    const reply = await say('open findings', { timeoutMs: 30_000 });
    expect(Buffer.byteLength(JSON.stringify(reply.activity))).toBeLessThan(LIMIT);
    // On a busy machine the first answer may be partial; it completes on refresh.
    const card = await completeCard(teams, reply.card, personas.priya);

    expect(cardText(card)).toContain('5,000 images');
    expect(pageIdOf(card)).toBeDefined();
    const pages = await allPages(teams, card, personas.priya, 6);
    for (const page of pages) expect(Buffer.byteLength(JSON.stringify(page))).toBeLessThan(LIMIT);
    expect(pages.flatMap(imageRows).length).toBeGreaterThan(pages.length);
  });
});
