import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startPlaygroundStack, type PlaygroundStack } from '../../e2e/playground-stack.js';
import { message } from '../../harness/activities.js';
import type { Json } from '../../harness/connector.js';
import { personas } from '../../harness/personas.js';
import { PlaygroundClient } from '../../harness/playground-client.js';

/**
 * The approval card in the Agents Playground, in a headless browser: Diego asks in the group chat,
 * Priya (signed in) sees the card, presses Approve, and the same card shows the outcome. Screenshots
 * of before and after go to test-results/ for people to look at.
 */
const CHROMIUM = '/usr/bin/chromium';
const RESULTS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'test-results');
const skip = !existsSync(CHROMIUM) && !process.env.CI;

describe.skipIf(skip)(`the approval card in the Agents Playground (needs ${CHROMIUM})`, () => {
  let running: PlaygroundStack;
  let browser: BrowserContext;
  let profile: string;
  let client: PlaygroundClient;

  beforeAll(async () => {
    running = await startPlaygroundStack([personas.priya, personas.diego, personas.mei, personas.sam]);
    client = await PlaygroundClient.connect(running.playground.url);
    profile = await mkdtemp(path.join(tmpdir(), 'shipshape-chromium-'));
    browser = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  });

  afterAll(async () => {
    client?.close();
    await browser?.close();
    await running?.close();
    if (profile) await rm(profile, { recursive: true, force: true });
  });

  test('Diego asks, Priya approves from the card, and the card shows the outcome', { timeout: 90_000 }, async () => {
    const config = await client.config();
    const chat = config.groupChats[0];
    const diego = config.users.find((u) => u.aadObjectId === personas.diego.aadObjectId);
    if (!chat || !diego) throw new Error('the Playground has a group chat with Diego in it');

    const page = browser.pages()[0] ?? (await browser.newPage());
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(running.playground.url);
    await page.getByText(personas.priya.name).first().waitFor();
    await page.getByRole('treeitem', { name: chat.name }).click();

    // Diego writes in the group chat. The Playground sends everything as the signed-in person (Priya),
    // so his message goes to the bot directly, the way Teams would deliver it, with the Playground as
    // the channel the bot answers through.
    const context = { serviceUrl: running.playground.serviceUrl, tenantId: config.tenantId, bot: config.bot };
    const activity = message(context, { text: 'assign the ACR private-link policy to rg-dev-sandbox because every registry must be private by Q3', as: { ...personas.diego, id: diego.id }, in: 'groupChat' });
    activity.conversation = { ...(activity.conversation as Json), id: chat.id };
    const posted = await fetch(`${running.stack.botUrl}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) });
    expect(posted.status).toBeLessThan(300);
    const card = page.locator('.ac-adaptiveCard').filter({ hasText: 'Container registries should use private link' }).last();
    await card.getByText('Waiting for approval', { exact: false }).waitFor({ timeout: 30_000 });
    // Tall enough for the whole card on one screenshot.
    await page.setViewportSize({ width: 1280, height: 2400 });
    expect(await card.getByRole('button', { name: 'Approve' }).count()).toBe(1);
    await mkdir(RESULTS, { recursive: true });
    await card.scrollIntoViewIfNeeded();
    await card.screenshot({ path: path.join(RESULTS, 'approval-before.png') });

    await card.getByRole('button', { name: 'Approve' }).click();
    const done = page.locator('.ac-adaptiveCard').filter({ hasText: 'Done: approved by Priya Raman' }).last();
    await done.waitFor({ timeout: 30_000 });
    await expect(done.innerText()).resolves.toMatch(/Correlation id/);
    expect(await done.getByRole('button', { name: 'Approve' }).count()).toBe(0);
    await done.scrollIntoViewIfNeeded();
    await done.screenshot({ path: path.join(RESULTS, 'approval-after.png') });
    expect(existsSync(path.join(RESULTS, 'approval-after.png'))).toBe(true);
  });
});
