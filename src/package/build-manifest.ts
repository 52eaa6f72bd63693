import type { Command } from '../commands/types.js';
import { commandMenu } from './command-menu.js';
import type { ManifestValues } from './manifest-values.js';

type Json = Record<string, unknown>;

/** The scopes the bot and its command menu serve; Teams lets one command list cover all three. */
export const BOT_SCOPES = ['personal', 'team', 'groupChat'] as const;

const PLACEHOLDER = /\$\{\{([A-Z0-9_]+)\}\}/g;

/**
 * Fills `${{NAME}}` placeholders in the template text. Values are JSON-escaped, so a value can never
 * change the manifest's structure; a placeholder without a value is an error, not an empty string.
 */
export function fillPlaceholders(template: string, values: Readonly<Record<string, string>>): string {
  const missing = new Set<string>();
  const filled = template.replace(PLACEHOLDER, (_whole, name: string) => {
    const value = values[name];
    if (value === undefined) {
      missing.add(name);
      return '';
    }
    return JSON.stringify(value).slice(1, -1);
  });
  if (missing.size > 0) throw new Error(`The manifest template uses placeholders without a value: ${[...missing].join(', ')}`);
  return filled;
}

/** The most commands one command list may hold, read from the schema the package is checked against. */
export function commandLimit(schema: unknown): number {
  const bots = (schema as { properties?: { bots?: Json } }).properties?.bots;
  const limit = (bots as { items?: { properties?: { commandLists?: { items?: { properties?: { commands?: { maxItems?: unknown } } } } } } } | undefined)
    ?.items?.properties?.commandLists?.items?.properties?.commands?.maxItems;
  return typeof limit === 'number' ? limit : 10;
}

/**
 * The manifest as shipped: placeholders filled and the command menu generated from the registry.
 * The template must not carry a hand-written menu, so the two cannot drift apart.
 */
export function buildManifest(template: string, values: ManifestValues, commands: readonly Command[], limit: number): { manifest: Json; left: string[] } {
  const manifest = JSON.parse(fillPlaceholders(template, { ...values })) as Json;
  const bots = manifest.bots;
  if (!Array.isArray(bots) || bots.length !== 1 || typeof bots[0] !== 'object' || bots[0] === null) {
    throw new Error('The manifest template needs exactly one entry in "bots".');
  }
  const bot = bots[0] as Json;
  if (bot.commandLists !== undefined) {
    throw new Error('The manifest template must not list commands: the menu is generated from src/commands at package time.');
  }
  const { menu, left } = commandMenu(commands, limit);
  bot.commandLists = [{ scopes: [...BOT_SCOPES], commands: menu }];
  return { manifest, left };
}
