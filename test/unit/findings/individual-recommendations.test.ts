import { describe, expect, test } from 'vitest';
import { ASSESSMENT_KEYS, registryScan, scanPlan } from '../../../src/azure/findings/index.js';
import { INDIVIDUAL_KEY, individualRecommendationHolders, isIndividualRecommendation } from '../../../src/azure/findings/individual-recommendations.js';

/**
 * Defender's individual recommendations, found the way the release note's queries find them
 * (`metadata.recommendationCategory == "SoftwareUpdate"`, `resourceDetails.ResourceType` `.containerimage`
 * or `K8s-container`), and what they make of a registry's scan state.
 */

const REGISTRY = '/subscriptions/0a0b0c0d-0000-4000-8000-000000000001/resourceGroups/rg-img/providers/Microsoft.ContainerRegistry/registries/imgreg';
const CLUSTER = '/subscriptions/0a0b0c0d-0000-4000-8000-000000000001/resourceGroups/rg-aks/providers/Microsoft.ContainerService/managedClusters/aks1';

function assessment(id: string, category: string, resourceType: string, detailsId?: string) {
  return {
    id: `${id}/providers/Microsoft.Security/assessments/5f1e0000-0000-4000-8000-000000000001`,
    name: '5f1e0000-0000-4000-8000-000000000001',
    type: 'Microsoft.Security/assessments',
    properties: { status: { code: 'Unhealthy' }, resourceDetails: { Source: 'Azure', ResourceType: resourceType, ...(detailsId ? { Id: detailsId } : {}) }, metadata: { recommendationCategory: category } },
  };
}

describe('individual recommendations', () => {
  test.for([
    ['an image recommendation', 'SoftwareUpdate', '.containerimage', true],
    ['a running-container recommendation, any casing', 'softwareupdate', 'k8s-container', true],
    ['another category', 'Configuration', '.containerimage', false],
    ['another resource type', 'SoftwareUpdate', 'VirtualMachine', false],
  ] as const)('%s', ([, category, type, expected]) => {
    expect(isIndividualRecommendation(assessment(REGISTRY, category, type))).toBe(expected);
  });

  test('their holders are the registry or cluster they hang from, or the one their details name', () => {
    const page = JSON.stringify({
      value: [
        assessment(`${REGISTRY}/repositories/web/images/sha256:ab`, 'SoftwareUpdate', '.containerimage'),
        assessment(`/subscriptions/0a0b0c0d-0000-4000-8000-000000000001`, 'SoftwareUpdate', 'K8s-container', `${CLUSTER}/namespaces/shop/pods/web`),
        assessment(REGISTRY, 'Configuration', '.containerimage'),
      ],
    });
    expect([...individualRecommendationHolders([page, 'not json'])].sort()).toEqual([CLUSTER.toLowerCase(), REGISTRY.toLowerCase(), '/subscriptions/0a0b0c0d-0000-4000-8000-000000000001'].sort());
  });

  test('a registry with only individual recommendations is unreadable, not unscanned; with both shapes the grouped one is read', () => {
    const individual: [string, string] = [`${REGISTRY.toLowerCase()}|${INDIVIDUAL_KEY}`, 'Present'];
    expect(registryScan(new Map([individual]), REGISTRY)).toEqual({ state: 'unreadable', scanner: undefined });
    expect(registryScan(new Map([individual, [`${REGISTRY.toLowerCase()}|${ASSESSMENT_KEYS.registry}`, 'Unhealthy']]), REGISTRY)).toEqual({ state: 'findings', scanner: 'registry' });
    expect(registryScan(new Map(), REGISTRY)).toEqual({ state: 'not-scanned', scanner: undefined });
  });

  test('a cluster with only individual recommendations is marked; one with the grouped assessment is read', () => {
    const cluster = (name: string) => ({ id: CLUSTER.replace('aks1', name), name, subscriptionId: '0a0b0c0d-0000-4000-8000-000000000001', resourceGroup: 'rg-aks', environment: 'prod' as const });
    const states = new Map<string, string>([
      [`${cluster('only').id.toLowerCase()}|${INDIVIDUAL_KEY}`, 'Present'],
      [`${cluster('both').id.toLowerCase()}|${INDIVIDUAL_KEY}`, 'Present'],
      [`${cluster('both').id.toLowerCase()}|${ASSESSMENT_KEYS.runtime}`, 'Unhealthy'],
    ]);
    const plan = scanPlan('0a0b0c0d-0000-4000-8000-000000000001', { environments: [] }, states, [], [cluster('only'), cluster('both'), cluster('none')], () => undefined);
    expect(plan.clusters.map((c) => [c.name, c.unreadableFindings === true])).toEqual([['only', true], ['both', false], ['none', false]]);
    expect(plan.units.map((u) => u.unit.label)).toEqual(['cluster both']);
  });
});
