import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { balanced, descriptionOf, isSecure, params, parseBicep, type BicepFile } from './support/bicep.js';

/**
 * What can be checked of the Bicep templates without a Bicep compiler: every parameter documented and
 * used, module calls matching module parameters, the example parameter file and the README agreeing
 * with the template, and the app configured only with settings the app actually reads.
 */
const ROOT = path.resolve(import.meta.dirname, '../../..');
const INFRA = path.join(ROOT, 'infra');
const files: BicepFile[] = (readdirSync(INFRA, { recursive: true }) as string[])
  .filter((f) => f.endsWith('.bicep'))
  .map((f) => parseBicep(path.join(INFRA, f)));
const main = files.find((f) => f.file.endsWith(`${path.sep}main.bicep`) && path.dirname(f.file) === INFRA) as BicepFile;
const rel = (f: BicepFile) => path.relative(ROOT, f.file);
const README = readFileSync(path.join(ROOT, 'README.md'), 'utf8');

/** A name is used when it appears as an identifier outside its own declaration. */
function usedOutsideDeclaration(file: BicepFile, name: string, line: number): boolean {
  const lines = file.code.split('\n');
  return lines.some((text, i) => i !== line - 1 && new RegExp(`(?<![\\w.'@])${name}\\b`).test(text.replace(/^\s*(param|output)\s+\w+/, '')));
}

describe.for(files.map((f) => [rel(f), f] as const))('%s', ([, file]) => {
  test('parses: declarations found, brackets balanced', () => {
    expect(params(file).length).toBeGreaterThan(0);
    expect(balanced(file.code)).toBe(true);
  });

  test('every parameter has a @description', () => {
    const undocumented = params(file).filter((p) => !descriptionOf(p)?.trim()).map((p) => p.name);
    expect(undocumented).toEqual([]);
  });

  test('every parameter is used', () => {
    const unused = params(file).filter((p) => !usedOutsideDeclaration(file, p.name, p.line)).map((p) => p.name);
    expect(unused).toEqual([]);
  });

  test('secrets are @secure, have no default and never leave through an output', () => {
    for (const p of params(file).filter((p) => /(secret|password|connectionstring|key)$/i.test(p.name))) {
      expect(isSecure(p), p.name).toBe(true);
    }
    const secure = params(file).filter(isSecure);
    for (const p of secure) expect(p.value, p.name).toBeUndefined();
    const outputs = file.declarations.filter((d) => d.kind === 'output');
    for (const o of outputs) {
      expect(descriptionOf(o), o.name).toBeTruthy();
      for (const p of secure) expect(o.value ?? '', o.name).not.toMatch(new RegExp(`\\b${p.name}\\b`));
      expect(o.value ?? '').not.toMatch(/listKeys|listSecrets|ConnectionString|InstrumentationKey/);
    }
  });

  test('resource types carry dated api-versions', () => {
    expect(file.resources.length).toBeGreaterThan(0);
    for (const r of file.resources) expect(`${r.type}@${r.apiVersion}`).toMatch(/^Microsoft\.[A-Za-z]+\/[A-Za-z/]+@\d{4}-\d{2}-\d{2}(-preview)?$/);
  });

  test('module calls pass exactly the parameters the module declares', () => {
    for (const call of file.modules) {
      const target = path.resolve(path.dirname(file.file), call.path);
      expect(existsSync(target), call.path).toBe(true);
      const module = files.find((f) => f.file === target) as BicepFile;
      const declared = params(module).map((p) => p.name);
      const required = params(module).filter((p) => p.value === undefined).map((p) => p.name);
      expect(call.params.filter((k) => !declared.includes(k)), `unknown parameters for ${call.path}`).toEqual([]);
      expect(required.filter((k) => !call.params.includes(k)), `missing parameters for ${call.path}`).toEqual([]);
    }
  });
});

describe('the deployment as a whole', () => {
  const types = files.flatMap((f) => f.resources.map((r) => r.type));

  test('has every part the deployment guide promises', () => {
    expect(types).toEqual(
      expect.arrayContaining([
        'Microsoft.App/containerApps',
        'Microsoft.App/managedEnvironments',
        'Microsoft.BotService/botServices',
        'Microsoft.BotService/botServices/channels',
        'Microsoft.BotService/botServices/connections',
        'Microsoft.Storage/storageAccounts',
        'Microsoft.KeyVault/vaults',
        'Microsoft.Insights/components',
        'Microsoft.ManagedIdentity/userAssignedIdentities',
      ]),
    );
    const bot = files.find((f) => f.resources.some((r) => r.type === 'Microsoft.BotService/botServices/channels')) as BicepFile;
    expect(bot.text).toMatch(/channelName:\s*'MsTeamsChannel'/);
  });

  test('runs at least two replicas', () => {
    const minReplicas = params(main).find((p) => p.name === 'minReplicas');
    expect(minReplicas?.decorators).toContain('@minValue(2)');
    expect(Number(minReplicas?.value)).toBeGreaterThanOrEqual(2);
    const app = files.find((f) => f.resources.some((r) => r.type === 'Microsoft.App/containerApps')) as BicepFile;
    expect(app.code).toMatch(/minReplicas:\s*minReplicas/);
  });

  test('configures the app only with settings the app reads', () => {
    const config = readFileSync(path.join(ROOT, 'src', 'config', 'index.ts'), 'utf8');
    const known = new Set([...config.matchAll(/^\s{2}([A-Z][A-Z0-9_]+):/gm)].map((m) => m[1]));
    const set = files.flatMap((f) => [...f.text.matchAll(/\{\s*name:\s*'([A-Z][A-Z0-9_]+)'/g)].map((m) => m[1] as string));
    expect(set.length).toBeGreaterThan(5);
    expect(set.filter((name) => !known.has(name))).toEqual([]);
  });

  test('the example parameter file matches the template', () => {
    const example = JSON.parse(readFileSync(path.join(INFRA, 'main.parameters.example.json'), 'utf8')) as { parameters: Record<string, unknown> };
    const names = Object.keys(example.parameters);
    const declared = params(main);
    expect(names.filter((n) => !declared.some((p) => p.name === n))).toEqual([]);
    const required = declared.filter((p) => p.value === undefined && !isSecure(p)).map((p) => p.name);
    expect(required.filter((n) => !names.includes(n))).toEqual([]);
    expect(names.filter((n) => declared.find((p) => p.name === n && isSecure(p)))).toEqual([]);
  });

  test('the README documents exactly the template parameters and the outputs it uses', () => {
    const section = README.slice(README.indexOf('### Deployment parameters'));
    expect(section.length).toBeLessThan(README.length);
    const table = section.slice(0, section.indexOf('\n\n', section.indexOf('|')));
    const documented = [...table.matchAll(/^\|\s*`(\w+)`/gm)].map((m) => m[1]);
    expect(documented.sort()).toEqual(params(main).map((p) => p.name).sort());
    for (const [, output] of README.matchAll(/outputs\.(\w+)\.value/g)) {
      expect(main.declarations.some((d) => d.kind === 'output' && d.name === output), `README uses output ${output}`).toBe(true);
    }
    expect(README).toMatch(/az deployment group create[^\n]*-f infra\/main\.bicep/);
  });

  test('role assignments name real built-in roles by GUID', () => {
    const ids = [...main.text.matchAll(/(\w+): '([0-9a-f-]{36})'/g)].map((m) => m[2] as string);
    expect(ids.length).toBeGreaterThanOrEqual(3);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  });
});

describe('the checks themselves', () => {
  test('an undocumented or unused parameter is caught', () => {
    const broken = { ...main, code: `${main.code}\nparam stray string\n` };
    const strayLine = broken.code.split('\n').length - 1;
    expect(usedOutsideDeclaration(broken, 'stray', strayLine)).toBe(false);
    expect(usedOutsideDeclaration(main, 'registryName', params(main).find((p) => p.name === 'registryName')?.line ?? 0)).toBe(true);
    expect(descriptionOf({ kind: 'param', name: 'x', type: 'string', value: undefined, decorators: ['@minLength(3)'], line: 1 })).toBeUndefined();
  });
});
