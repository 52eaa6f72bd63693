import { describe, expect, test } from 'vitest';
import {
  checkGuardrails,
  judgeWorkload,
  kubernetesFromCompliance,
  verdictFor,
  type GuardrailId,
  type Status,
  type Verdict,
  type Workload,
} from '../../../src/domain/guardrails/index.js';
import type { AssignmentInfo, PolicyStateView } from '../../../src/domain/compliance/index.js';
import { cluster, container, envVar, estate, group, image, imageIntel, kubernetesPolicies, registry, ruleContext, NOW } from './support/facts.js';

/** Each guardrail flagged by the property that breaks it, and cleared when that property is fixed. */

function verdict(workload: Workload, guardrail: GuardrailId, ctx = ruleContext()): Verdict {
  return verdictFor(judgeWorkload(workload, ctx), guardrail);
}

function statuses(workload: Workload, ctx = ruleContext()): Record<string, Status> {
  return Object.fromEntries(judgeWorkload(workload, ctx).verdicts.map((v) => [v.guardrail, v.status]));
}

describe('a compliant container group keeps every guardrail', () => {
  test('all pass, Kubernetes does not apply', () => {
    expect(statuses(group('aci-good'))).toEqual({
      registries: 'pass', credentials: 'pass', privilege: 'pass', network: 'pass', images: 'pass', monitoring: 'pass', kubernetes: 'na',
    });
  });
});

describe('approved registries', () => {
  test.for<[string, string, Status]>([
    ['own registry', 'contosoprod.azurecr.io/web/app:1.0', 'pass'],
    ['configured host', 'mcr.microsoft.com/dotnet/aspnet:8.0', 'pass'],
    ['Docker Hub by full name', 'docker.io/library/redis:7.2.4', 'fail'],
    ['Docker Hub by short name', 'redis:7', 'fail'],
    ['Docker Hub alias host', 'index.docker.io/grafana/k6:0.49.0', 'fail'],
    ['GitHub registry', 'ghcr.io/acme/tool:1', 'fail'],
    ['an Azure registry the person cannot read', 'othertenant.azurecr.io/app:1', 'unknown'],
  ])('%s → %s', ([, image, expected]) => {
    const v = verdict(group('g', { containers: [container({ image })] }), 'registries');
    expect(v.status).toBe(expected);
    if (expected === 'fail') expect(v.issues[0]?.text).toContain(image);
  });

  test('configured entries: a repository prefix and a wildcard host', () => {
    const ctx = ruleContext({ configured: ['docker.io/contoso', '*.example.com'] });
    expect(verdict(group('g', { containers: [container({ image: 'docker.io/contoso/api:1' })] }), 'registries', ctx).status).toBe('pass');
    expect(verdict(group('g', { containers: [container({ image: 'docker.io/someoneelse/api:1' })] }), 'registries', ctx).status).toBe('fail');
    expect(verdict(group('g', { containers: [container({ image: 'registry.example.com/api:1' })] }), 'registries', ctx).status).toBe('pass');
    // mcr.microsoft.com is only approved when configured.
    expect(verdict(group('g', { containers: [container({ image: 'mcr.microsoft.com/dotnet/aspnet:8.0' })] }), 'registries', ctx).status).toBe('fail');
  });

  test('an init container counts too', () => {
    const g = group('g', { containers: [container(), container({ name: 'setup', image: 'quay.io/acme/setup:1', init: true })] });
    expect(verdict(g, 'registries').issues.map((i) => i.text)).toEqual(['quay.io/acme/setup:1 (init container setup) comes from quay.io, which is not approved']);
  });
});

describe('credentials', () => {
  test('a secret-looking name set as a plain value breaks it; the same name as a secure value keeps it', () => {
    const plain = verdict(group('g', { containers: [container({ env: [envVar('DB_PASSWORD')] })] }), 'credentials');
    expect(plain.status).toBe('fail');
    expect(plain.issues.map((i) => i.text)).toEqual(['DB_PASSWORD in container app is a plain value']);
    expect(verdict(group('g', { containers: [container({ env: [envVar('DB_PASSWORD', 'secure')] })] }), 'credentials').status).toBe('pass');
  });

  test('an innocent name with a credential-shaped value breaks it; an empty plain value does not', () => {
    const byValue = verdict(group('g', { containers: [container({ env: [envVar('ORDERS_BUS', 'secret-value')] })] }), 'credentials');
    expect(byValue.issues.map((i) => i.text)).toEqual(['ORDERS_BUS in container app is a plain value (its value looks like a credential)']);
    expect(verdict(group('g', { containers: [container({ env: [envVar('DB_PASSWORD', 'empty')] })] }), 'credentials').status).toBe('pass');
  });

  test('the admin user breaks it and offers the built-in policy; another username weakens it; an identity keeps it', () => {
    const reg = registry('contosoprod', { adminUserEnabled: true });
    const ctx = ruleContext({ registries: [reg] });
    const admin = verdict(group('g', { logins: [{ server: 'contosoprod.azurecr.io', method: 'password', adminUser: true }] }), 'credentials', ctx);
    expect(admin.status).toBe('fail');
    expect(admin.offers).toEqual([{ kind: 'disable-admin-user', targetId: reg.id, label: expect.any(String) }]);
    const other = verdict(group('g', { logins: [{ server: 'contosoprod.azurecr.io', method: 'password', adminUser: false }] }), 'credentials', ctx);
    expect([other.status, other.offers]).toEqual(['warn', []]);
    expect(verdict(group('g'), 'credentials', ctx).status).toBe('pass');
  });
});

describe('least privilege', () => {
  test('a privileged container breaks it', () => {
    const v = verdict(group('g', { containers: [container(), container({ name: 'shell', privileged: true })] }), 'privilege');
    expect([v.status, v.issues.map((i) => i.text)]).toEqual(['fail', ['container shell runs privileged']]);
    expect(verdict(group('g'), 'privilege').status).toBe('pass');
  });
});

describe('network', () => {
  test('a public IP breaks it and names the ports, SSH and Redis by name', () => {
    const v = verdict(group('g', { ip: { type: 'Public', ports: [{ port: 6379, protocol: 'TCP' }, { port: 22, protocol: 'TCP' }], fqdn: 'g.westeurope.azurecontainer.io' }, subnets: 0 }), 'network');
    expect(v.status).toBe('fail');
    expect(v.issues[0]?.text).toBe('public IP with ports 22 (SSH) and 6379 (Redis) open to the internet at g.westeurope.azurecontainer.io — including management or database ports');
  });

  test('private in a subnet keeps it; private outside a subnet weakens it; no IP keeps it', () => {
    expect(verdict(group('g'), 'network').status).toBe('pass');
    expect(verdict(group('g', { subnets: 0 }), 'network').status).toBe('warn');
    expect(verdict(group('g', { ip: undefined, subnets: 0 }), 'network').status).toBe('pass');
  });
});

describe('vulnerable and stale images', () => {
  const ref = 'contosoprod.azurecr.io/web/app:1.0';
  test.for<[string, number, number, number, Status]>([
    ['clean and fresh', 0, 0, 10, 'pass'],
    ['a critical finding', 1, 0, 10, 'fail'],
    ['a high finding', 0, 2, 10, 'fail'],
    ['stale at 91 days', 0, 0, 91, 'warn'],
    ['not stale at exactly 90 days', 0, 0, 90, 'pass'],
  ])('%s → %s', ([, critical, high, days, expected]) => {
    const ctx = ruleContext({ images: imageIntel({ [ref]: image('web/app:1.0', critical, high, days) }) });
    expect(verdict(group('g'), 'images', ctx).status).toBe(expected);
  });

  test('the stale limit is configurable', () => {
    const ctx = ruleContext({ images: imageIntel({ [ref]: image('web/app:1.0', 0, 0, 40) }), staleDays: 30 });
    expect(verdict(group('g'), 'images', ctx).issues.map((i) => [i.text, i.days])).toEqual([['web/app:1.0 (container app) was last pushed 40 days ago', 40]]);
  });

  test('an image Defender never reported on is unknown, not clean; so is everything when findings are unavailable', () => {
    expect(verdict(group('g'), 'images', ruleContext({ images: imageIntel({}) })).status).toBe('unknown');
    expect(verdict(group('g'), 'images', ruleContext({ images: imageIntel({}, {}, { available: false }) })).issues[0]?.kind).toBe('findingsUnavailable');
  });

  test('a cluster is judged by its running images', () => {
    const aks = cluster('aks-prod');
    const ctx = ruleContext({ images: imageIntel({}, { [aks.id]: [image('payments/api:1.4.2', 3, 3, 138), image('web/ok:1', 0, 0, 1)] }) });
    const v = verdict(aks, 'images', ctx);
    expect([v.status, v.issues.map((i) => i.kind)]).toEqual(['fail', ['vulnerableImage', 'staleImage']]);
  });
});

describe('monitoring and audit trail', () => {
  test('no Log Analytics breaks it; a registry pulled from without login events weakens it and offers the diagnostic setting', () => {
    expect(verdict(group('g', { logAnalytics: false }), 'monitoring').status).toBe('fail');
    const partial = registry('contosoprod', { audit: { state: 'partial', missing: ['ContainerRegistryLoginEvents'], workspaceId: 'ws' } });
    const v = verdict(group('g'), 'monitoring', ruleContext({ registries: [partial] }));
    expect(v.status).toBe('warn');
    expect(v.issues[0]?.text).toBe('contosoprod has no ContainerRegistryLoginEvents sent to a Log Analytics workspace');
    expect(v.offers.map((o) => [o.kind, o.targetId])).toEqual([['registry-audit-logs', partial.id]]);
  });

  test('settings that could not be read are unknown; a cluster without monitoring breaks it', () => {
    const unknown = registry('contosoprod', { audit: { state: 'unknown', missing: [], workspaceId: undefined } });
    expect(verdict(group('g'), 'monitoring', ruleContext({ registries: [unknown] })).status).toBe('unknown');
    expect(verdict(cluster('c', { monitored: false }), 'monitoring').status).toBe('fail');
    expect(verdict(cluster('c'), 'monitoring').status).toBe('pass');
  });
});

describe('Kubernetes policies', () => {
  const aks = cluster('aks-prod');
  const state = (definition: string, complianceState: string): PolicyStateView => ({
    resourceId: aks.id, resourceType: 'Microsoft.ContainerService/managedClusters', resourceGroup: 'rg-aks', subscriptionId: aks.subscriptionId, environment: 'prod',
    assignmentId: `/subscriptions/${aks.subscriptionId}/providers/Microsoft.Authorization/policyAssignments/a-${definition.slice(0, 4)}`, assignmentName: `a-${definition.slice(0, 4)}`,
    assignmentScope: `/subscriptions/${aks.subscriptionId}`, definitionId: `/providers/Microsoft.Authorization/policyDefinitions/${definition}`, definitionName: definition,
    effect: 'deny', state: complianceState, timestamp: undefined,
  });
  const ALLOWED = 'febd0533-8e55-448f-b837-bd0e06f16469';
  const PRIVILEGED = '95edb821-ddaf-4404-9732-666045e056b4';

  test('both compliant keeps it; one non-compliant breaks it', () => {
    const ok = kubernetesFromCompliance([state(ALLOWED, 'Compliant'), state(PRIVILEGED, 'Compliant')], []);
    expect(verdict(aks, 'kubernetes', ruleContext({ kubernetes: ok })).status).toBe('pass');
    const bad = kubernetesFromCompliance([state(ALLOWED, 'Compliant'), state(PRIVILEGED, 'NonCompliant')], []);
    const v = verdict(aks, 'kubernetes', ruleContext({ kubernetes: bad }));
    expect([v.status, v.issues.map((i) => i.text)]).toEqual(['fail', ['“no privileged containers” reports non-compliant containers (a-95ed)']]);
  });

  test('an unassigned policy weakens it and offers the built-in; an assigned one not yet judged is unknown', () => {
    const none = verdict(aks, 'kubernetes', ruleContext({ kubernetes: kubernetesPolicies() }));
    expect(none.status).toBe('warn');
    expect(none.offers.map((o) => o.kind)).toEqual(['assign-allowed-images', 'assign-no-privileged']);
    const assignment = { id: 'x', name: 'x', displayName: 'Allowed images', scope: `/subscriptions/${aks.subscriptionId}/resourceGroups/rg-aks`, definitionId: `/providers/Microsoft.Authorization/policyDefinitions/${ALLOWED}` } as AssignmentInfo;
    const assigned = verdict(aks, 'kubernetes', ruleContext({ kubernetes: kubernetesFromCompliance([state(PRIVILEGED, 'Compliant')], [assignment]) }));
    expect([assigned.status, assigned.offers]).toEqual(['unknown', []]);
  });

  test('the add-on off weakens it; unreadable compliance is unknown; container groups are not judged by it', () => {
    const ok = kubernetesFromCompliance([state(ALLOWED, 'Compliant'), state(PRIVILEGED, 'Compliant')], []);
    expect(verdict(cluster('c', { id: aks.id, policyAddon: false }), 'kubernetes', ruleContext({ kubernetes: ok })).status).toBe('warn');
    expect(verdict(aks, 'kubernetes').status).toBe('unknown');
    expect(verdict(group('g'), 'kubernetes').status).toBe('na');
  });
});

describe('the report', () => {
  test('one section per environment, prod first, untagged last; worst workloads first; counts per guardrail', () => {
    const report = checkGuardrails(
      estate({
        groups: [
          group('aci-one-break', { logAnalytics: false }),
          group('aci-clean'),
          group('aci-three-breaks', { logAnalytics: false, subnets: 0, ip: { type: 'Public', ports: [], fqdn: undefined }, containers: [container({ privileged: true })] }),
          group('aci-dev', { environment: 'dev' }),
          group('aci-untagged', { environment: undefined }),
        ],
        registries: [registry('contosoprod'), registry('contosodev', { environment: 'dev', audit: { state: 'none', missing: ['ContainerRegistryLoginEvents', 'ContainerRegistryRepositoryEvents'], workspaceId: undefined } })],
      }),
      { settings: { approvedRegistries: [], staleImageDays: 90 }, images: ruleContext().images, kubernetes: kubernetesPolicies(), now: NOW },
    );
    expect(report.environments.map((e) => e.environment)).toEqual(['prod', 'dev', undefined]);
    const prod = report.environments[0];
    expect(prod?.workloads.map((w) => w.workload.name)).toEqual(['aci-three-breaks', 'aci-one-break', 'aci-clean']);
    expect(prod?.counts.monitoring).toEqual({ applicable: 3, fail: 2, warn: 0, unknown: 0 });
    expect(prod?.counts.privilege).toEqual({ applicable: 3, fail: 1, warn: 0, unknown: 0 });
    expect(prod?.counts.network).toEqual({ applicable: 3, fail: 1, warn: 0, unknown: 0 });
    expect(prod?.counts.kubernetes.applicable).toBe(0);
    expect(report.environments[1]?.registries.map((r) => [r.registry.name, r.offer?.kind])).toEqual([['contosodev', 'registry-audit-logs']]);
    expect(report.approved).toBe('your 2 registries');
  });
});
