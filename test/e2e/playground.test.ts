import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { personas } from '../harness/personas.js';
import { commandFacts } from '../harness/registry-facts.js';
import { startPlaygroundStack, type PlaygroundStack } from './playground-stack.js';

/**
 * The whole local experience in a real (headless) browser: emulator, bot and Agents Playground,
 * a person typing "help" in Personal Chat and seeing the help card. The screenshot is kept as a CI
 * artifact so a reviewer can see what people see.
 */
const CHROMIUM = '/usr/bin/chromium';
const SCREENSHOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'test-results', 'playground-help.png');
// Locally a missing browser is a reason to skip; in CI it is a failure, so the test must run there.
const skip = !existsSync(CHROMIUM) && !process.env.CI;

describe.skipIf(skip)(`Agents Playground in a browser (needs ${CHROMIUM}: apt-get install chromium)`, () => {
  let running: PlaygroundStack;
  let browser: BrowserContext;
  let profile: string;

  beforeAll(async () => {
    running = await startPlaygroundStack([personas.priya, personas.diego, personas.mei, personas.sam]);
    profile = await mkdtemp(path.join(tmpdir(), 'shipshape-chromium-'));
    browser = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  });

  afterAll(async () => {
    await browser?.close();
    await running?.close();
    if (profile) await rm(profile, { recursive: true, force: true });
  });

  test('"help" in Personal Chat shows the help card with the registry\'s commands', { timeout: 45_000 }, async () => {
    const page = browser.pages()[0] ?? (await browser.newPage());
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(running.playground.url);

    // The signed-in user is the first persona: the page says so in its header.
    await page.getByText(personas.priya.name).first().waitFor();
    await page.getByRole('treeitem', { name: 'Personal Chat' }).click();
    const box = page.locator('[data-lexical-editor="true"][role="textbox"]');
    await box.click();
    await box.fill('help');
    await page.getByRole('button', { name: /^(Send Message|Post)$/ }).click();

    // Only text inside a rendered Adaptive Card counts: the typed "help" bubble must not satisfy it.
    const card = page.locator('.ac-adaptiveCard').last();
    const titles = commandFacts().map((c) => c.title);
    expect(titles.length).toBeGreaterThan(0);
    await card.getByText(titles[0] as string).first().waitFor({ timeout: 20_000 });
    for (const title of titles) expect(await card.getByText(title).count(), title).toBeGreaterThan(0);
    await expect(card.innerText()).resolves.not.toMatch(/something went wrong/i);

    await mkdir(path.dirname(SCREENSHOT), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    expect(existsSync(SCREENSHOT)).toBe(true);
  });
});
