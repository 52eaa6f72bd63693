import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startPlaygroundStack, type PlaygroundStack } from '../../e2e/playground-stack.js';
import { message } from '../../harness/activities.js';
import { browserUnavailable, CHROMIUM, launchBrowser, openPlayground, RESULTS_DIR, type LaunchedBrowser } from '../../harness/browser.js';
import type { Json } from '../../harness/connector.js';
import { personas } from '../../harness/personas.js';
import { PlaygroundClient } from '../../harness/playground-client.js';

/**
 * The approval card in the Agents Playground, in a headless browser: Diego asks in the group chat,
 * Priya (signed in) sees the card, presses Approve, and the same card shows the outcome. Screenshots
 * of before and after go to test-results/ for people to look at.
 */
describe.skipIf(browserUnavailable)(`the approval card in the Agents Playground (needs ${CHROMIUM})`, () => {
  let running: PlaygroundStack;
  let browser: LaunchedBrowser;
  let client: PlaygroundClient;

  beforeAll(async () => {
    running = await startPlaygroundStack([personas.priya, personas.diego, personas.mei, personas.sam]);
    client = await PlaygroundClient.connect(running.playground.url);
    browser = await launchBrowser();
  });

  afterAll(async () => {
    client?.close();
    await browser?.close();
    await running?.close();
  });

  test('Diego asks, Priya approves from the card, and the card shows the outcome', { timeout: 90_000 }, async () => {
    const config = await client.config();
    const chat = config.groupChats[0];
    const diego = config.users.find((u) => u.aadObjectId === personas.diego.aadObjectId);
    if (!chat || !diego) throw new Error('the Playground has a group chat with Diego in it');

    const page = browser.context.pages()[0] ?? (await browser.context.newPage());
    await page.setViewportSize({ width: 1280, height: 900 });
    await openPlayground(page, running.playground.url, personas.priya.name);
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
    await mkdir(RESULTS_DIR, { recursive: true });
    await card.scrollIntoViewIfNeeded();
    await card.screenshot({ path: path.join(RESULTS_DIR, 'approval-before.png') });

    await card.getByRole('button', { name: 'Approve' }).click();
    const done = page.locator('.ac-adaptiveCard').filter({ hasText: 'Done: approved by Priya Raman' }).last();
    await done.waitFor({ timeout: 30_000 });
    await expect(done.innerText()).resolves.toMatch(/Correlation id/);
    expect(await done.getByRole('button', { name: 'Approve' }).count()).toBe(0);
    await done.scrollIntoViewIfNeeded();
    await done.screenshot({ path: path.join(RESULTS_DIR, 'approval-after.png') });
    expect(existsSync(path.join(RESULTS_DIR, 'approval-after.png'))).toBe(true);
  });
});
