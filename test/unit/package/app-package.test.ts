import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { commands, createCommandRouter, defineCommand } from '../../../src/commands/index.js';
import type { Command, CommandContext } from '../../../src/commands/types.js';
import { AppPackageError, buildAppPackage, MANIFEST_DIR } from '../../../src/package/app-package.js';
import { commandLimit, fillPlaceholders } from '../../../src/package/build-manifest.js';
import { dispatchedCommand, helpOrder, menuSelection } from '../../../src/package/command-menu.js';
import { MANIFEST_SCHEMA_FILE, manifestValidator, readManifestSchema } from '../../../src/package/manifest-schema.js';
import { manifestValues, type ManifestValues } from '../../../src/package/manifest-values.js';
import { unzip } from './support/png-zip.js';

const FIXTURE_SCHEMA = path.resolve(import.meta.dirname, '../../fixtures/contracts/teams/MicrosoftTeams.schema.v1.29.json');
const BOT_ID = '3b1c0d2e-4f5a-4b6c-8d7e-9f0a1b2c3d4e';
const values: ManifestValues = manifestValues({ BOT_ID, BOT_DOMAIN: 'shipshape.contoso.example' }, '1.2.3').values;

type Json = Record<string, unknown>;
interface MenuEntry { title: string; description: string }

function menuOf(manifest: Json): { scopes: string[]; commands: MenuEntry[] }[] {
  return ((manifest.bots as Json[])[0] as { commandLists: { scopes: string[]; commands: MenuEntry[] }[] }).commandLists;
}

const temp: string[] = [];
afterAll(() => temp.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** A copy of manifest/ whose template has been edited, for negative cases. */
function editedManifestDir(edit: (manifest: Json) => void): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'manifest-'));
  temp.push(dir);
  for (const icon of ['color.png', 'outline.png']) copyFileSync(path.join(MANIFEST_DIR, icon), path.join(dir, icon));
  const manifest = JSON.parse(readFileSync(path.join(MANIFEST_DIR, 'manifest.json'), 'utf8')) as Json;
  edit(manifest);
  writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(manifest));
  return dir;
}

describe('the schema the package is checked against', () => {
  test('is the v1.29 contract, identical in src/ and in the test fixtures', () => {
    const sha = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');
    expect(sha(MANIFEST_SCHEMA_FILE)).toBe(sha(FIXTURE_SCHEMA));
    // The checksum recorded in the contract index for MicrosoftTeams.schema.v1.29.json.
    expect(sha(FIXTURE_SCHEMA).slice(0, 16)).toBe('53e860fd650fd03f');
  });

  test('the validator refuses what Teams would refuse', () => {
    const validate = manifestValidator();
    const { manifest } = buildAppPackage({ values, commands });
    expect(validate(manifest)).toEqual([]);
    expect(validate({ ...manifest, id: 'not-a-guid' }).join('\n')).toMatch(/\/id/);
    expect(validate({ ...manifest, description: { short: 'x'.repeat(81), full: 'y' } }).join('\n')).toMatch(/\/description\/short/);
    expect(validate({ ...manifest, bots: [{ botId: BOT_ID, scopes: ['everywhere'] }] }).join('\n')).toMatch(/\/bots\/0\/scopes/);
  });
});

describe('npm run package', () => {
  const pkg = buildAppPackage({ values, commands });
  const files = unzip(pkg.zip);
  const shipped = JSON.parse((files.get('manifest.json') as Buffer).toString('utf8')) as Json;

  test('holds the manifest and both icons at the root of the zip, byte for byte', () => {
    expect([...files.keys()].sort()).toEqual(['color.png', 'manifest.json', 'outline.png']);
    expect(files.get('color.png')?.equals(readFileSync(path.join(MANIFEST_DIR, 'color.png')))).toBe(true);
    expect(shipped).toEqual(pkg.manifest);
  });

  test('fills every placeholder from the environment values', () => {
    const text = JSON.stringify(shipped);
    expect(text).not.toMatch(/\$\{\{/);
    expect(shipped.id).toBe(BOT_ID);
    expect(shipped.version).toBe('1.2.3');
    expect((shipped.bots as Json[])[0]?.botId).toBe(BOT_ID);
    expect(shipped.validDomains).toContain('shipshape.contoso.example');
    expect(shipped.webApplicationInfo).toEqual({ id: BOT_ID, resource: `api://botid-${BOT_ID}` });
  });

  test('serves the bot in personal chats, group chats and teams', () => {
    expect((shipped.bots as Json[])[0]?.scopes).toEqual(expect.arrayContaining(['personal', 'team', 'groupChat']));
    expect(menuOf(shipped).flatMap((list) => list.scopes).sort()).toEqual(['groupChat', 'personal', 'team']);
  });

  test('is validated against the schema: a broken template gives no package', () => {
    const dir = editedManifestDir((m) => {
      m.accentColor = 'blue';
    });
    expect(() => buildAppPackage({ values, commands, manifestDir: dir })).toThrow(AppPackageError);
    expect(() => buildAppPackage({ values, commands, manifestDir: dir })).toThrow(/accentColor/);
  });

  test('refuses a template with a hand-written command menu', () => {
    const dir = editedManifestDir((m) => {
      (m.bots as Json[])[0] = { ...(m.bots as Json[])[0], commandLists: [{ scopes: ['personal'], commands: [{ title: 'help', description: 'x' }] }] };
    });
    expect(() => buildAppPackage({ values, commands, manifestDir: dir })).toThrow(/generated from src\/commands/);
  });

  test('names a missing icon', () => {
    const dir = editedManifestDir((m) => {
      m.icons = { color: 'color.png', outline: 'missing.png' };
    });
    expect(() => buildAppPackage({ values, commands, manifestDir: dir })).toThrow(/missing\.png/);
  });

  test('is reproducible, and a standard unzip reads it', () => {
    expect(buildAppPackage({ values, commands }).zip.equals(pkg.zip)).toBe(true);
    const dir = mkdtempSync(path.join(tmpdir(), 'pkg-'));
    temp.push(dir);
    writeFileSync(path.join(dir, 'appPackage.zip'), pkg.zip);
    let listing: string;
    try {
      listing = execFileSync('unzip', ['-t', path.join(dir, 'appPackage.zip')], { encoding: 'utf8' });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return; // no unzip on this machine; the reader above checked CRCs
      throw error;
    }
    expect(listing).toMatch(/No errors detected/);
  });
});

describe('the command menu is the command registry', () => {
  const { manifest, left } = buildAppPackage({ values, commands });
  const menu = menuOf(manifest)[0]?.commands ?? [];
  const limit = commandLimit(readManifestSchema());
  const router = createCommandRouter(commands);
  const ctx = { now: () => new Date('2026-01-01T00:00:00Z') } as unknown as CommandContext;
  /** The command a menu entry stands for: the one it routes to, or (for commands needing an argument) its title. */
  const commandOf = (entry: MenuEntry) => dispatchedCommand(commands, entry.title) ?? commands.find((c) => c.title === entry.title);

  test('as many entries as the schema allows, the rest named, none twice, none unknown', () => {
    expect(menu).toHaveLength(Math.min(limit, commands.length));
    const named = menu.map((entry) => commandOf(entry)?.name);
    expect(named).not.toContain(undefined);
    expect(new Set(named).size).toBe(named.length);
    expect([...named, ...left].sort()).toEqual(commands.map((c) => c.name).sort());
  });

  test('help is on the menu, and every group of commands is represented, in help order', () => {
    const named = menu.map((entry) => commandOf(entry) as Command);
    expect(named.map((c) => c.name)).toContain('help');
    expect(new Set(named.map((c) => c.group))).toEqual(new Set(commands.map((c) => c.group)));
    expect(named).toEqual(helpOrder(commands).filter((c) => named.includes(c)));
  });

  test('each entry, typed as is, reaches its command through the real router (or suggestions)', () => {
    for (const entry of menu) {
      const command = commandOf(entry) as Command;
      const understood = router.acknowledge(entry.title, ctx).data.understood as string;
      // The router's acknowledgement opens with the title of the command it dispatched to (nothing for suggestions).
      const reached = commands.find((c) => understood === c.title || understood.startsWith(`${c.title} · `));
      expect([command.title, ...(entry.title === command.title ? [undefined] : [])], entry.title).toContain(reached?.title);
      expect(entry.title.length).toBeLessThanOrEqual(32);
      expect(entry.description.length).toBeLessThanOrEqual(128);
    }
  });

  test('a new command appears in the next package without touching the manifest', () => {
    const report = defineCommand({
      name: 'zz-weekly-report',
      title: 'Weekly report',
      description: 'A summary of the week.',
      group: 'hear',
      examples: ['weekly report'],
      match: (parsed) => (parsed.words.join(' ') === 'weekly report' ? 1 : 0),
      run: async () => ({ kind: 'text', text: 'none' }),
    });
    const few: Command[] = [...commands.filter((c) => ['help', 'whoami', 'ping'].includes(c.name)), report];
    const titles = (menuOf(buildAppPackage({ values, commands: few }).manifest)[0]?.commands ?? []).map((c) => c.title);
    expect(titles).toContain('weekly report');
    expect(titles).toHaveLength(4);
  });

  test('the most asked are on it, titled the same way: lower case, as typed', () => {
    const named = menu.map((entry) => commandOf(entry)?.name);
    for (const name of ['findings', 'fix-first', 'where-running', 'posture', 'compliance', 'approval']) expect(named).toContain(name);
    for (const entry of menu) expect(entry.title, entry.title).toBe(entry.title.toLowerCase());
    expect(named).not.toContain('signout');
  });

  test('more commands than the limit: help and one per group come first', () => {
    const chosen = menuSelection(commands, 4).map((c) => c.group);
    expect(new Set(chosen)).toEqual(new Set(['ask', 'act', 'hear', 'basics'].filter((g) => commands.some((c) => c.group === g))));
  });
});

describe('placeholder values', () => {
  test('every missing value is reported at once', () => {
    expect(() => manifestValues({}, '1.0.0')).toThrow(/BOT_ID \(or MICROSOFT_APP_ID\) is not set[\s\S]*BOT_DOMAIN is not set/);
  });

  test('MICROSOFT_APP_ID stands in for BOT_ID', () => {
    const { values: v } = manifestValues({ MICROSOFT_APP_ID: BOT_ID.toUpperCase(), BOT_DOMAIN: 'Bot.Contoso.Example' }, '0.1.0');
    expect(v).toMatchObject({ BOT_ID, BOT_DOMAIN: 'bot.contoso.example', APP_VERSION: '0.1.0' });
  });

  test.for([
    ['BOT_ID', { BOT_ID: 'shipshape', BOT_DOMAIN: 'a.example' }],
    ['BOT_DOMAIN', { BOT_ID, BOT_DOMAIN: 'https://a.example/api' }],
    ['APP_VERSION', { BOT_ID, BOT_DOMAIN: 'a.example', APP_VERSION: 'latest' }],
    ['APP_PRIVACY_URL', { BOT_ID, BOT_DOMAIN: 'a.example', APP_PRIVACY_URL: 'http://a.example/privacy' }],
  ] as const)('an invalid %s is refused', ([key, env]) => {
    expect(() => manifestValues(env, '1.0.0')).toThrow(new RegExp(`${key}: `));
  });

  test('values cannot change the manifest structure, and unknown placeholders are errors', () => {
    expect(JSON.parse(fillPlaceholders('{"a":"${{X}}"}', { X: '","b":"injected' }))).toEqual({ a: '","b":"injected' });
    expect(() => fillPlaceholders('{"a":"${{NOPE}}"}', {})).toThrow(/NOPE/);
  });

  test('the schema in use is the newest one available', () => {
    expect((readManifestSchema().properties as Json).manifestVersion).toMatchObject({ const: '1.29' });
    expect(JSON.parse(readFileSync(path.join(MANIFEST_DIR, 'manifest.json'), 'utf8')).manifestVersion).toBe('1.29');
  });
});
