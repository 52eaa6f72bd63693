import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startPlaygroundStack, type PlaygroundStack } from '../../e2e/playground-stack.js';
import { askInPlayground, browserUnavailable, CHROMIUM, launchBrowser, openPersonalChat, RESULTS_DIR, type LaunchedBrowser } from '../../harness/browser.js';
import { DEMO_TENANT_FILE, personas } from '../../harness/personas.js';
import { expectedEstate, expectedMatches } from './support/expected.js';

/**
 * "Which prod images have criticals" typed into the Agents Playground in a headless browser, as a
 * person sees the answer card. The screenshot is kept for reviewers (test-results/).
 */
const SCREENSHOT = path.join(RESULTS_DIR, 'playground-findings.png');

describe.skipIf(browserUnavailable)(`the findings card in the Agents Playground (needs ${CHROMIUM})`, () => {
  let running: PlaygroundStack;
  let browser: LaunchedBrowser;

  beforeAll(async () => {
    running = await startPlaygroundStack([personas.priya, personas.diego, personas.mei]);
    browser = await launchBrowser();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await running?.close();
  });

  test('Priya asks which prod images have criticals and sees the answer card, worst image first', { timeout: 60_000 }, async () => {
    const expected = expectedMatches(expectedEstate(DEMO_TENANT_FILE, personas.priya.aadObjectId), ['Critical'], ['prod']);
    expect(expected.length).toBeGreaterThan(0);
    const page = browser.context.pages()[0] ?? (await browser.context.newPage());
    // Tall enough for the whole card: the chat pane scrolls inside the page, so only the viewport shows.
    await page.setViewportSize({ width: 1280, height: 2300 });
    await openPersonalChat(page, running.playground.url, personas.priya.name);
    await askInPlayground(page, 'which prod images have criticals');

    const card = page.locator('.ac-adaptiveCard').last();
    await card.getByText('Critical findings in prod').first().waitFor({ timeout: 30_000 });
    await card.getByText(/Where is it running\?/).first().waitFor({ timeout: 10_000 });
    const text = await card.innerText();
    expect(text).toMatch(/registries in \d+ subscriptions? you can read/);
    expect(text).toMatch(/Defender scan/);
    expect(text).not.toMatch(/something went wrong/i);
    // The image with the most criticals leads the list.
    const worst = [...expected].sort((a, b) => b.counts.Critical - a.counts.Critical || b.counts.High - a.counts.High)[0];
    expect(text).toContain(worst?.registry ?? '');

    await mkdir(path.dirname(SCREENSHOT), { recursive: true });
    // The card from its heading down: header, severity totals, the first page of images.
    await card.getByText('Critical findings in prod').first().scrollIntoViewIfNeeded();
    await card.evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await page.screenshot({ path: SCREENSHOT });
    expect(existsSync(SCREENSHOT)).toBe(true);
  });

  test('Priya asks whether Defender scans the registries and sees each one, the gaps first', { timeout: 60_000 }, async () => {
    const page = browser.context.pages()[0] ?? (await browser.context.newPage());
    await page.setViewportSize({ width: 1280, height: 2300 });
    await openPersonalChat(page, running.playground.url, personas.priya.name);
    await askInPlayground(page, 'is defender scanning our registries');
    const card = page.locator('.ac-adaptiveCard').last();
    await card.getByText('Image scanning of registries').first().waitFor({ timeout: 30_000 });
    const text = await card.innerText();
    expect(text).toMatch(/Retired scanner/);
    // The demo tenant's legacy registry still reports through the retired Qualys assessment, and leads.
    expect(text.indexOf('contosolegacy')).toBeGreaterThan(-1);
    expect(text.indexOf('contosolegacy')).toBeLessThan(text.indexOf('contosoprod'));
    expect(text).not.toMatch(/something went wrong/i);
    const shot = path.join(RESULTS_DIR, 'playground-scan-coverage.png');
    await card.evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await page.screenshot({ path: shot });
    expect(existsSync(shot)).toBe(true);
  });
});
