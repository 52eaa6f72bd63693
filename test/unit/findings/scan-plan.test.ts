import { describe, expect, test } from 'vitest';
import { ASSESSMENT_KEYS, environmentOf, registryScan, scanPlan } from '../../../src/azure/findings/index.js';

/** What gets read: which scan counts for a registry, which registries are in scope, the environment rule. */

const SUB = '1d6e3a2b-7c4f-4e5d-9a8b-000000000001';
const reg = (name: string, tags?: Record<string, string>) => ({
  id: `/subscriptions/${SUB}/resourceGroups/rg-${name}/providers/Microsoft.ContainerRegistry/registries/${name}`,
  name,
  loginServer: `${name}.azurecr.io`,
  resourceGroup: `rg-${name}`,
  tags,
  posture: { publicNetworkAccess: true, adminUserEnabled: false, anonymousPullEnabled: false },
});
const state = (id: string, key: string, code: string): [string, string] => [`${id.toLowerCase()}|${key}`, code];

describe('the environment rule', () => {
  test.for([
    [{ env: 'PRODUCTION' }, { env: 'dev' }, 'dev', 'prod'],
    [{ Environment: 'prd' }, undefined, 'staging', 'prod'],
    [undefined, { env: 'stg' }, 'prod', 'staging'],
    [{ owner: 'x' }, undefined, 'dev', 'dev'],
    [undefined, undefined, undefined, undefined],
  ] as const)('resource %o, group %o, subscription %s → %s', ([resource, group, subscription, expected]) => {
    expect(environmentOf(resource, group, subscription)).toBe(expected);
  });
});

describe('which scan counts for a registry', () => {
  const id = reg('a').id;
  test.for([
    [[state(id, ASSESSMENT_KEYS.registry, 'Unhealthy')], 'findings', 'registry'],
    // MDVM's Healthy verdict stands even where the retired Qualys scan still reports findings.
    [[state(id, ASSESSMENT_KEYS.registry, 'Healthy'), state(id, ASSESSMENT_KEYS.qualys, 'Unhealthy')], 'healthy', 'registry'],
    [[state(id, ASSESSMENT_KEYS.registry, 'NotApplicable'), state(id, ASSESSMENT_KEYS.qualys, 'Unhealthy')], 'findings', 'qualys'],
    [[state(id, ASSESSMENT_KEYS.qualys, 'Healthy')], 'healthy', 'qualys'],
    [[], 'not-scanned', undefined],
  ] as const)('%o → %s by %s', ([entries, scanState, scanner]) => {
    expect(registryScan(new Map(entries), id)).toEqual({ state: scanState, scanner });
  });
});

describe('the plan for one subscription', () => {
  const registries = [reg('prodone', { env: 'prod' }), reg('devone', { env: 'dev' }), reg('clean', { env: 'prod' })];
  const cluster = { id: `/subscriptions/${SUB}/resourceGroups/rg-aks/providers/Microsoft.ContainerService/managedClusters/aks`, name: 'aks', subscriptionId: SUB, resourceGroup: 'rg-aks', environment: 'prod' as const };
  const states = new Map([
    state(registries[0]!.id, ASSESSMENT_KEYS.registry, 'Unhealthy'),
    state(registries[1]!.id, ASSESSMENT_KEYS.registry, 'Unhealthy'),
    state(registries[2]!.id, ASSESSMENT_KEYS.registry, 'Healthy'),
    state(cluster.id, ASSESSMENT_KEYS.runtime, 'Unhealthy'),
  ]);
  const env = (r: { tags?: Record<string, string> }) => environmentOf(r.tags, undefined, undefined);

  test('healthy registries are listed but not read; clusters are read whatever the scope', () => {
    const plan = scanPlan(SUB, { environments: ['prod'] }, states, registries, [cluster], env);
    expect(plan.registries.map((r) => `${r.name}:${r.scanState}`)).toEqual(['prodone:findings', 'clean:healthy']);
    expect(plan.units.map((u) => u.unit.label)).toEqual(['registry prodone', 'cluster aks']);
    expect(plan.units[1]?.key).toBe(ASSESSMENT_KEYS.runtime);
  });

  test('a named registry narrows the plan to it', () => {
    const plan = scanPlan(SUB, { environments: [], registry: 'devone' }, states, registries, [], env);
    expect(plan.units.map((u) => u.unit.label)).toEqual(['registry devone']);
  });
});
