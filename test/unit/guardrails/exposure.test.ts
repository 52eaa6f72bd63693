import type { ManagedCluster } from '@azure/arm-containerservice';
import { describe, expect, test } from 'vitest';
import { toClusterFacts } from '../../../src/azure/workloads/index.js';
import { clusterNetworkRule } from '../../../src/domain/guardrails/rules-runtime.js';
import { apiServerExposure, coverageLines } from '../../../src/domain/guardrails/index.js';
import { cluster } from './support/facts.js';

/** Who can reach a cluster's API server, and what a guardrail answer says it leaves out. */

const api = (over: Partial<ReturnType<typeof cluster>['apiServer']>) => cluster('aks-x', { apiServer: { privateCluster: false, authorizedRanges: [], fqdn: 'aks-x.hcp.westeurope.azmk8s.io', ...over } });

describe('API server exposure', () => {
  test('is read from the SDK model: absent profile public, ranges kept, private cluster without a public address', () => {
    const id = '/subscriptions/aaaa0000-0000-4000-8000-000000000001/resourceGroups/rg-k/providers/Microsoft.ContainerService/managedClusters/k';
    const facts = (over: Partial<ManagedCluster>) => toClusterFacts({ id, name: 'k', location: 'westeurope', ...over } as ManagedCluster & { id: string; name: string }, 'prod').apiServer;
    expect(facts({ fqdn: 'k.hcp.westeurope.azmk8s.io' })).toEqual({ privateCluster: false, authorizedRanges: [], fqdn: 'k.hcp.westeurope.azmk8s.io' });
    expect(facts({ apiServerAccessProfile: { authorizedIPRanges: ['203.0.113.0/24'] } })).toEqual({ privateCluster: false, authorizedRanges: ['203.0.113.0/24'], fqdn: undefined });
    expect(facts({ apiServerAccessProfile: { enablePrivateCluster: true } }).privateCluster).toBe(true);
  });

  test.for<[string, Partial<ReturnType<typeof cluster>['apiServer']>, string]>([
    ['no profile restrictions', {}, 'public'],
    ['authorized ranges', { authorizedRanges: ['203.0.113.0/24', '198.51.100.7/32'] }, 'restricted'],
    ['a range of every IPv4 address', { authorizedRanges: ['203.0.113.0/24', '0.0.0.0/0'] }, 'public'],
    ['a range of every IPv6 address', { authorizedRanges: ['::/0'] }, 'public'],
    ['a private cluster', { privateCluster: true, fqdn: undefined }, 'private'],
  ])('%s → %s', ([, over, state]) => {
    expect(apiServerExposure(api(over)).state).toBe(state);
  });

  test('a public API server breaks the network guardrail, saying where and why', () => {
    const verdict = clusterNetworkRule(api({}));
    expect(verdict.status).toBe('fail');
    expect(verdict.issues).toEqual([{ kind: 'publicApiServer', level: 'fail', text: 'Kubernetes API server public to the internet at aks-x.hcp.westeurope.azmk8s.io with no authorized IP ranges' }]);
    expect(verdict.todo.join(' ')).toMatch(/authorized IP ranges.*private cluster/);
    expect(clusterNetworkRule(api({ authorizedRanges: ['0.0.0.0/0'] })).issues[0]?.text).toMatch(/authorized IP ranges include 0\.0\.0\.0\/0, every address$/);
  });

  test('restricted and private API servers keep it, and say how', () => {
    expect(clusterNetworkRule(api({ authorizedRanges: ['203.0.113.0/24'] }))).toMatchObject({ status: 'pass', note: 'API server restricted to 1 authorized IP range' });
    expect(clusterNetworkRule(api({ privateCluster: true }))).toMatchObject({ status: 'pass', note: expect.stringMatching(/^private cluster/) });
  });
});

describe('what a guardrail answer leaves out', () => {
  test('parts not read are said, three by name and the rest counted', () => {
    const failures = ['A', 'B', 'C', 'D'].map((n) => ({ label: `AKS clusters in ${n}`, reason: '403 AuthorizationFailed' }));
    expect(coverageLines({ failures: failures.slice(0, 1) })).toEqual(['Not read, so not included: AKS clusters in A (403 AuthorizationFailed).']);
    expect(coverageLines({ failures })[0]).toMatch(/AKS clusters in C \(403 AuthorizationFailed\); \+1 more\.$/);
  });

  test('nothing failed: nothing is said', () => {
    expect(coverageLines({ failures: [] })).toEqual([]);
  });
});
