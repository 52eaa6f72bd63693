import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { askInPlayground, browserUnavailable, CHROMIUM, launchBrowser, openPersonalChat, RESULTS_DIR, type LaunchedBrowser } from '../harness/browser.js';
import { personas } from '../harness/personas.js';
import { commandFacts } from '../harness/registry-facts.js';
import { startPlaygroundStack, type PlaygroundStack } from './playground-stack.js';

/**
 * The whole local experience in a real (headless) browser: emulator, bot and Agents Playground,
 * a person typing "help" in Personal Chat and seeing the help card. The screenshot is kept as a CI
 * artifact so a reviewer can see what people see.
 */
const SCREENSHOT = path.join(RESULTS_DIR, 'playground-help.png');

describe.skipIf(browserUnavailable)(`Agents Playground in a browser (needs ${CHROMIUM}: apt-get install chromium)`, () => {
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

  test('"help" in Personal Chat shows the help card with the registry\'s commands', { timeout: 45_000 }, async () => {
    const page = browser.context.pages()[0] ?? (await browser.context.newPage());
    await page.setViewportSize({ width: 1280, height: 900 });

    // The signed-in user is the first persona: the page says so in its header.
    await openPersonalChat(page, running.playground.url, personas.priya.name);
    await askInPlayground(page, 'help');

    // Only text inside a rendered Adaptive Card counts: the typed "help" bubble must not satisfy it.
    const card = page.locator('.ac-adaptiveCard').last();
    const titles = commandFacts().map((c) => c.title);
    expect(titles.length).toBeGreaterThan(0);
    await card.getByText(titles[0] as string).first().waitFor({ timeout: 20_000 });
    // The card fits one screen: each group shows a few commands and opens the rest with its "More".
    const more = card.getByRole('button', { name: /^More / });
    expect(await more.count()).toBeGreaterThan(0);
    for (const button of await more.all()) await button.click();
    for (const title of titles) expect(await card.getByText(title).count(), title).toBeGreaterThan(0);
    await expect(card.innerText()).resolves.not.toMatch(/something went wrong/i);

    await mkdir(path.dirname(SCREENSHOT), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    expect(existsSync(SCREENSHOT)).toBe(true);
  });
});
