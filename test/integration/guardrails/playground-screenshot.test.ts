import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startPlaygroundStack, type PlaygroundStack } from '../../e2e/playground-stack.js';
import { askInPlayground, browserUnavailable, CHROMIUM, launchBrowser, openPersonalChat, RESULTS_DIR, type LaunchedBrowser } from '../../harness/browser.js';
import { personas } from '../../harness/personas.js';

/**
 * The guardrails card as people see it: the demo tenant, the Agents Playground in a headless
 * browser, Priya asking about prod and opening the worst row's details. The screenshot is kept in
 * test-results/ for review.
 */
const SCREENSHOT = path.join(RESULTS_DIR, 'guardrails.png');

describe.skipIf(browserUnavailable)(`the guardrails card in the Agents Playground (needs ${CHROMIUM})`, () => {
  let running: PlaygroundStack;
  let browser: LaunchedBrowser;

  beforeAll(async () => {
    running = await startPlaygroundStack([personas.priya, personas.diego]);
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await running?.close();
  });

  test('Priya asks about prod and sees a row per workload with its guardrail badges', { timeout: 60_000 }, async () => {
    const page = browser.context.pages()[0] ?? (await browser.context.newPage());
    await page.setViewportSize({ width: 1280, height: 1800 });
    await openPersonalChat(page, running.playground.url, personas.priya.name);
    await askInPlayground(page, 'check prod container groups against the security guidance');

    // Only text inside a rendered Adaptive Card counts.
    const card = page.locator('.ac-adaptiveCard').last();
    await card.getByText('Workload guardrails · prod').first().waitFor({ timeout: 30_000 });
    // The Playground draws the card in steps: wait for each part rather than counting at once.
    for (const text of ['aci-payments-api', 'How the workloads do, per guardrail', '✗ Secrets', '✓ Privilege']) {
      await card.getByText(text).first().waitFor({ timeout: 10_000 });
    }
    await expect(card.innerText()).resolves.not.toMatch(/something went wrong/i);
    // Open the worst row's details, as someone deciding what to do would.
    await card.getByRole('button', { name: 'Why and what to do' }).first().click();
    await card.getByText(/^Why it matters: /).first().waitFor({ timeout: 10_000 });
    await card.getByText('Workload guardrails · prod').first().scrollIntoViewIfNeeded();

    await mkdir(path.dirname(SCREENSHOT), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    expect(existsSync(SCREENSHOT)).toBe(true);
  });
});
