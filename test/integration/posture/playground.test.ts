import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startPlaygroundStack, type PlaygroundStack } from '../../e2e/playground-stack.js';
import { askInPlayground, browserUnavailable, CHROMIUM, launchBrowser, openPersonalChat, RESULTS_DIR, type LaunchedBrowser } from '../../harness/browser.js';
import { personas } from '../../harness/personas.js';
import { estateFacts } from './support/estate.js';

/**
 * The posture cards in the Agents Playground, in a headless browser, as Priya: a registry's checklist
 * and the production summary. Screenshots go to test-results/ for people to look at.
 */
const estate = estateFacts();

describe.skipIf(browserUnavailable)(`posture in the Agents Playground (needs ${CHROMIUM})`, () => {
  let running: PlaygroundStack;
  let browser: LaunchedBrowser;

  beforeAll(async () => {
    running = await startPlaygroundStack([personas.priya, personas.diego, personas.mei, personas.sam]);
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await running?.close();
  });

  test('a registry’s checklist and the production summary render as cards', { timeout: 60_000 }, async () => {
    const page = browser.context.pages()[0] ?? (await browser.context.newPage());
    // Tall, so that a whole checklist fits on one screenshot.
    await page.setViewportSize({ width: 1280, height: 2000 });
    await openPersonalChat(page, running.playground.url, personas.priya.name);

    const registry = estate.registries.find((r) => r.properties.adminUserEnabled === true && r.sku?.name === 'Premium');
    if (!registry) throw new Error('the demo tenant has a careless Premium registry');
    await askInPlayground(page, `is ${registry.name} hardened?`);
    const checklist = page.locator('.ac-adaptiveCard').last();
    await checklist.getByText(`${registry.name} · registry posture`).waitFor({ timeout: 25_000 });
    for (const row of ['Customer-managed key', 'Private link', 'Admin user', 'Anonymous pull', 'ARM-audience tokens', 'SKU']) {
      expect(await checklist.getByText(row).count(), row).toBeGreaterThan(0);
    }
    expect(await checklist.getByRole('button', { name: /^Fix: Admin user/ }).count()).toBe(1);
    await expect(checklist.innerText()).resolves.not.toMatch(/something went wrong/i);
    await mkdir(RESULTS_DIR, { recursive: true });
    await checklist.scrollIntoViewIfNeeded();
    await checklist.screenshot({ path: path.join(RESULTS_DIR, 'posture.png') });

    await askInPlayground(page, 'audit registries in prod');
    const summary = page.locator('.ac-adaptiveCard').last();
    await summary.getByText('How many pass each check').waitFor({ timeout: 25_000 });
    const prod = estate.registries.filter((r) => estate.environmentOf(r.id, r.tags) === 'prod');
    for (const r of prod) expect(await summary.getByText(r.name, { exact: true }).count(), r.name).toBeGreaterThan(0);
    await summary.scrollIntoViewIfNeeded();
    await summary.screenshot({ path: path.join(RESULTS_DIR, 'posture-summary.png') });
    expect(existsSync(path.join(RESULTS_DIR, 'posture.png'))).toBe(true);
  });
});
