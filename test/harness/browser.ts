import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

/**
 * A headless Chromium for the tests that look at the Microsoft 365 Agents Playground as people see
 * it: where the browser is, whether it is there, where screenshots go, and the steps every such
 * test takes to reach a chat and type into it.
 */

/** The system Chromium the browser tests drive (`apt-get install chromium`). */
export const CHROMIUM = '/usr/bin/chromium';

/**
 * True when the browser tests should be skipped: locally a missing browser is a reason to skip; in CI
 * it is a failure, so there the tests always run (and fail to launch if Chromium is missing).
 */
export const browserUnavailable = !existsSync(CHROMIUM) && !process.env.CI;

/** The project's test-results/ folder, where screenshots are kept for people to look at. */
export const RESULTS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'test-results');

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** A launched browser; `close()` shuts it down and removes its temporary profile. */
export interface LaunchedBrowser {
  context: BrowserContext;
  close(): Promise<void>;
}

/** Launches headless Chromium on a fresh temporary profile. */
export async function launchBrowser(): Promise<LaunchedBrowser> {
  const profile = await mkdtemp(path.join(tmpdir(), 'shipshape-chromium-'));
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: ARGS });
  } catch (error) {
    await rm(profile, { recursive: true, force: true });
    throw error;
  }
  return {
    context,
    async close() {
      try {
        await context.close();
      } finally {
        await rm(profile, { recursive: true, force: true });
      }
    },
  };
}

/** Opens the Playground at `url` and waits until it shows the signed-in person's name. */
export async function openPlayground(page: Page, url: string, personName: string): Promise<void> {
  await page.goto(url);
  await page.getByText(personName).first().waitFor();
}

/** Opens the Playground at `url`, signed in as `personName`, and selects Personal Chat. */
export async function openPersonalChat(page: Page, url: string, personName: string): Promise<void> {
  await openPlayground(page, url, personName);
  await page.getByRole('treeitem', { name: 'Personal Chat' }).click();
}

/** Types `text` into the Playground's message box and sends it. */
export async function askInPlayground(page: Page, text: string): Promise<void> {
  const box = page.locator('[data-lexical-editor="true"][role="textbox"]');
  await box.click();
  await box.fill(text);
  await page.getByRole('button', { name: /^(Send Message|Post)$/ }).click();
}
