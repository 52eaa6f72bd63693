import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { askInPlayground, browserUnavailable, CHROMIUM, launchBrowser, openPersonalChat, RESULTS_DIR, type LaunchedBrowser } from '../harness/browser.js';
import { personas } from '../harness/personas.js';
import { startPlaygroundStack, type PlaygroundStack } from './playground-stack.js';

/**
 * What a person with partial rights sees in the Playground: Diego (Reader on the dev subscription)
 * asks about prod and is told at the top what the answer leaves out, then asks for a policy and gets
 * an approval card that previews what it would do. Screenshots are kept for reviewers.
 */
describe.skipIf(browserUnavailable)(`Agents Playground cards in a browser (needs ${CHROMIUM}: apt-get install chromium)`, () => {
  let running: PlaygroundStack;
  let browser: LaunchedBrowser;

  beforeAll(async () => {
    running = await startPlaygroundStack([personas.diego, personas.priya]);
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await running?.close();
  });

  async function ask(text: string, waitFor: RegExp, screenshot: string): Promise<string> {
    const page = browser.context.pages()[0] ?? (await browser.context.newPage());
    await page.setViewportSize({ width: 1280, height: 1200 });
    if (!page.url().startsWith(running.playground.url)) await openPersonalChat(page, running.playground.url, personas.diego.name);
    await askInPlayground(page, text);
    const card = page.locator('.ac-adaptiveCard').last();
    await card.getByText(waitFor).first().waitFor({ timeout: 30_000 });
    const file = path.join(RESULTS_DIR, screenshot);
    await mkdir(path.dirname(file), { recursive: true });
    await page.screenshot({ path: file, fullPage: true });
    expect(existsSync(file)).toBe(true);
    return card.innerText();
  }

  test('a partial view says what it leaves out, at the top', { timeout: 60_000 }, async () => {
    const text = await ask('which prod images have criticals', /You can read no prod subscription/, 'playground-partial-view.png');
    expect(text).not.toMatch(/something went wrong/i);
  });

  test('the approval card previews what the policy would report, with the SKU it needs', { timeout: 60_000 }, async () => {
    const text = await ask('assign the ACR private-link policy to rg-shared-tools', /would be non-compliant/, 'playground-approval.png');
    expect(text).toMatch(/contosolegacy cannot comply through this assignment alone/);
  });
});
