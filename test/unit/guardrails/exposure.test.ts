import type { ManagedCluster } from '@azure/arm-containerservice';
import { describe, expect, test } from 'vitest';
import { toClusterFacts } from '../../../src/azure/workloads/index.js';
import { clusterNetworkRule } from '../../../src/domain/guardrails/rules-runtime.js';
import { apiServerExposure, coverageLines, partlyReadable, type SubscriptionFacts } from '../../../src/domain/guardrails/index.js';
import type { RoleAssignmentView } from '../../../src/domain/identity.js';
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

const SUBS: SubscriptionFacts[] = [
  { id: 'aaaa0000-0000-4000-8000-000000000001', name: 'Apps Prod', environment: 'prod' },
  { id: 'aaaa0000-0000-4000-8000-000000000002', name: 'Apps Dev', environment: 'dev' },
];
const role = (scope: string, scopeKind: RoleAssignmentView['scopeKind'], scopeLabel: string): RoleAssignmentView => ({ roleName: 'Reader', roleDefinitionId: 'r', scope, scopeKind, scopeLabel, viaGroup: false });
const whole = (i: number) => role(`/subscriptions/${SUBS[i]?.id}`, 'subscription', SUBS[i]?.name ?? '');

describe('what a guardrail answer leaves out', () => {
  test('a subscription the person holds roles in only on resource groups is read in part', () => {
    const rg = role(`/subscriptions/${SUBS[1]?.id}/resourceGroups/rg-web`, 'resourceGroup', 'rg-web');
    expect(partlyReadable(SUBS, [whole(0), rg]).map((p) => [p.subscription.name, p.scopes])).toEqual([['Apps Dev', ['rg-web']]]);
    expect(coverageLines({ subscriptions: SUBS, failures: [] }, [whole(0), rg], [])).toEqual([
      'You can read only part of 1 of 2 subscriptions (Apps Dev: roles on rg-web only): workloads elsewhere in it are not included.',
    ]);
  });

  test('roles on whole subscriptions, or above them, leave nothing out', () => {
    expect(coverageLines({ subscriptions: SUBS, failures: [] }, [whole(0), whole(1)], ['prod'])).toEqual([]);
    expect(partlyReadable(SUBS, [role('/providers/Microsoft.Management/managementGroups/mg', 'managementGroup', 'mg')])).toEqual([]);
  });

  test('parts not read, an environment no readable subscription has, and unreadable roles are said', () => {
    const lines = coverageLines({ subscriptions: [SUBS[1] as SubscriptionFacts], failures: [{ label: 'AKS clusters in Apps Dev', reason: '403 AuthorizationFailed' }] }, undefined, ['prod']);
    expect(lines).toEqual([
      'Your role assignments could not be read, so this answer cannot tell whether you can read all of each subscription.',
      'Not read, so not included: AKS clusters in Apps Dev (403 AuthorizationFailed).',
      'You can read no prod subscription: this covers only prod-tagged workloads inside the 1 subscription you can read; prod subscriptions you cannot read, if there are any, are not included.',
    ]);
  });
});
