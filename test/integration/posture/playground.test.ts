import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startPlaygroundStack, type PlaygroundStack } from '../../e2e/playground-stack.js';
import { personas } from '../../harness/personas.js';
import { estateFacts } from './support/estate.js';

/**
 * The posture cards in the Agents Playground, in a headless browser, as Priya: a registry's checklist
 * and the production summary. Screenshots go to test-results/ for people to look at.
 */
const CHROMIUM = '/usr/bin/chromium';
const RESULTS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'test-results');
const skip = !existsSync(CHROMIUM) && !process.env.CI;
const estate = estateFacts();

async function ask(page: Page, text: string): Promise<void> {
  const box = page.locator('[data-lexical-editor="true"][role="textbox"]');
  await box.click();
  await box.fill(text);
  await page.getByRole('button', { name: /^(Send Message|Post)$/ }).click();
}

describe.skipIf(skip)(`posture in the Agents Playground (needs ${CHROMIUM})`, () => {
  let running: PlaygroundStack;
  let browser: BrowserContext;
  let profile: string;

  beforeAll(async () => {
    running = await startPlaygroundStack([personas.priya, personas.diego, personas.mei, personas.sam]);
    profile = await mkdtemp(path.join(tmpdir(), 'shipshape-chromium-'));
    browser = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  });

  afterAll(async () => {
    await browser?.close();
    await running?.close();
    if (profile) await rm(profile, { recursive: true, force: true });
  });

  test('a registry’s checklist and the production summary render as cards', { timeout: 60_000 }, async () => {
    const page = browser.pages()[0] ?? (await browser.newPage());
    // Tall, so that a whole checklist fits on one screenshot.
    await page.setViewportSize({ width: 1280, height: 2000 });
    await page.goto(running.playground.url);
    await page.getByText(personas.priya.name).first().waitFor();
    await page.getByRole('treeitem', { name: 'Personal Chat' }).click();

    const registry = estate.registries.find((r) => r.properties.adminUserEnabled === true && r.sku?.name === 'Premium');
    if (!registry) throw new Error('the demo tenant has a careless Premium registry');
    await ask(page, `is ${registry.name} hardened?`);
    const checklist = page.locator('.ac-adaptiveCard').last();
    await checklist.getByText(`${registry.name} · registry posture`).waitFor({ timeout: 25_000 });
    for (const row of ['Customer-managed key', 'Private link', 'Admin user', 'Anonymous pull', 'ARM-audience tokens', 'SKU']) {
      expect(await checklist.getByText(row).count(), row).toBeGreaterThan(0);
    }
    expect(await checklist.getByRole('button', { name: /^Fix: Admin user/ }).count()).toBe(1);
    await expect(checklist.innerText()).resolves.not.toMatch(/something went wrong/i);
    await mkdir(RESULTS, { recursive: true });
    await checklist.scrollIntoViewIfNeeded();
    await checklist.screenshot({ path: path.join(RESULTS, 'posture.png') });

    await ask(page, 'audit registries in prod');
    const summary = page.locator('.ac-adaptiveCard').last();
    await summary.getByText('How many pass each check').waitFor({ timeout: 25_000 });
    const prod = estate.registries.filter((r) => estate.environmentOf(r.id, r.tags) === 'prod');
    for (const r of prod) expect(await summary.getByText(r.name, { exact: true }).count(), r.name).toBeGreaterThan(0);
    await summary.scrollIntoViewIfNeeded();
    await summary.screenshot({ path: path.join(RESULTS, 'posture-summary.png') });
    expect(existsSync(path.join(RESULTS, 'posture.png'))).toBe(true);
  });
});
