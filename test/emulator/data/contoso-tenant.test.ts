import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { buildContosoTenant, serialiseTenant } from '../../../src/emulator/generate/index.js';
import {
  BUILT_IN_POLICIES, BUILT_IN_ROLES, classify, environmentOf, grantsByPrincipal, imageKeyOf, propsOf, severityOf, statusOf,
  type ContainerGroupProps, type PolicyProps, type RegistryProps, type Resource, type SubAssessmentProps,
} from './tenant-rules.js';

const FILE = fileURLToPath(new URL('../../../src/emulator/tenants/contoso.json', import.meta.url));
const text = readFileSync(FILE, 'utf8');
const tenant = JSON.parse(text) as {
  tenantId: string;
  principals: Array<{ id: string; type: string; groups?: string[]; appId?: string; clientSecret?: string; userPrincipalName?: string }>;
  resources: Resource[];
};
const resources = tenant.resources;
const byId = new Map(resources.map((r) => [r.id.toLowerCase(), r]));
const ofKind = (kind: string): Resource[] => resources.filter((r) => classify(r.id)?.kind === kind);
const ofType = (type: string): Resource[] => resources.filter((r) => r.type?.toLowerCase() === type.toLowerCase());
const subAssessments = ofKind('subAssessment');

const SUB = { prod: '1d6e3a2b-7c4f-4e5d-9a8b-000000000001', staging: '1d6e3a2b-7c4f-4e5d-9a8b-000000000002', dev: '1d6e3a2b-7c4f-4e5d-9a8b-000000000003' };
const P = {
  priya: '3f2a1c4e-5b6d-4e7f-8a9b-0c1d2e3f4a51', diego: '7b8c9d0e-1f2a-4b3c-8d4e-5f6a7b8c9d02', mei: 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c03',
  sam: 'd4e5f6a7-b8c9-4d0e-9f1a-2b3c4d5e6f05', reader: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c06', auditors: '5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a04',
};
const sub = (s: string): string => `/subscriptions/${s}`.toLowerCase();
const registry = (s: string, rg: string, name: string): string =>
  `/subscriptions/${s}/resourceGroups/${rg}/providers/Microsoft.ContainerRegistry/registries/${name}`;

describe('the Contoso tenant file', () => {
  test('is exactly what the builder produces, so the JSON stays the source of truth', () => {
    expect(serialiseTenant(buildContosoTenant())).toBe(text);
  });

  test('has every resource id self-describing, unique and consistently cased', () => {
    const seen = new Set<string>();
    for (const r of resources) {
      const c = classify(r.id);
      expect(c, r.id).toBeDefined();
      if (c?.kind === 'resource') expect(r.type?.toLowerCase(), r.id).toBe(c.armType?.toLowerCase());
      expect(seen.has(r.id.toLowerCase()), `duplicate ${r.id}`).toBe(false);
      seen.add(r.id.toLowerCase());
      expect(r.id).not.toMatch(/\/resourcegroups\/|\/subassessments\/|\/microsoft\.security\//);
      if (c?.kind !== 'subscription') expect(r.type, r.id).toBeTruthy();
    }
  });

  test('hangs every child under a parent that exists', () => {
    for (const r of resources) {
      const c = classify(r.id);
      if (!c?.parent) continue;
      expect(byId.has(c.parent.toLowerCase()), `${r.id} → missing ${c.parent}`).toBe(true);
    }
    for (const s of subAssessments) {
      expect(classify(classify(s.id)?.parent ?? '')?.kind).toBe('assessment');
    }
  });

  test('declares the plan personas, a group member and a digest service principal', () => {
    expect(tenant.tenantId).toBe('72f988bf-0000-4000-8000-00000000c0de');
    const ids = tenant.principals.map((p) => p.id);
    expect(ids).toEqual(expect.arrayContaining([P.priya, P.diego, P.mei, P.sam, P.reader]));
    expect(new Set(ids).size).toBe(ids.length);
    expect(tenant.principals.find((p) => p.id === P.mei)?.groups).toEqual([P.auditors]);
    const sp = tenant.principals.find((p) => p.id === P.reader);
    expect(sp).toMatchObject({ type: 'ServicePrincipal', appId: '0c0ffee0-0000-4000-8000-0000d16e57e0', clientSecret: 'local-digest-reader' });
    for (const p of tenant.principals.filter((x) => x.type === 'User')) expect(p.userPrincipalName).toMatch(/@contoso\.example$/);
  });

  test('grants role assignments only to known principals or groups, with built-in roles and matching scopes', () => {
    const known = new Set(tenant.principals.flatMap((p) => [p.id, ...(p.groups ?? [])]));
    for (const ra of ofKind('roleAssignment')) {
      const p = ra.properties as { roleDefinitionId: string; principalId: string; principalType: string; scope: string };
      expect(known.has(p.principalId), ra.id).toBe(true);
      const m = /^\/subscriptions\/([^/]+)\/providers\/Microsoft\.Authorization\/roleDefinitions\/([0-9a-f-]{36})$/.exec(p.roleDefinitionId);
      expect(m, p.roleDefinitionId).not.toBeNull();
      expect(BUILT_IN_ROLES[m?.[2] ?? '']).toBeDefined();
      expect(p.scope.startsWith(`/subscriptions/${m?.[1] ?? ''}`)).toBe(true);
      expect(ra.id.toLowerCase().startsWith(`${p.scope.toLowerCase()}/providers/`)).toBe(true);
      expect(['User', 'Group', 'ServicePrincipal']).toContain(p.principalType);
    }
  });

  test('gives each persona exactly the rights in the plan', () => {
    const grants = grantsByPrincipal(resources);
    const everywhere = (...roles: string[]): string[] => Object.values(SUB).flatMap((s) => roles.map((r) => `${r}@${sub(s)}`));
    const asSet = (list: string[]): Set<string> => new Set(list.map((x) => x.toLowerCase()));
    expect(grants.get(P.priya)).toEqual(asSet([
      ...everywhere('Security Admin', 'Resource Policy Contributor', 'Reader'),
      `Contributor@/subscriptions/${SUB.prod}/resourceGroups/rg-registries-prod`,
      `Contributor@${registry(SUB.dev, 'rg-dev-sandbox', 'contosodev')}`,
    ]));
    expect(grants.get(P.diego)).toEqual(asSet([`Reader@${sub(SUB.dev)}`, `AcrPush@${registry(SUB.dev, 'rg-dev-sandbox', 'contosodev')}`]));
    expect(grants.get(P.auditors)).toEqual(asSet(everywhere('Reader', 'Security Reader')));
    expect(grants.get(P.reader)).toEqual(asSet(everywhere('Reader', 'Security Reader')));
    expect(grants.has(P.mei)).toBe(false);
    expect(grants.has(P.sam)).toBe(false);
  });

  test('has at least six registries of varied posture, with the casing ARM uses', () => {
    const registries = ofType('Microsoft.ContainerRegistry/registries');
    expect(registries.length).toBeGreaterThanOrEqual(6);
    const props = registries.map((r) => ({ r, p: propsOf<RegistryProps>(r) }));
    for (const { p } of props) {
      expect(['enabled', 'disabled']).toContain(p.encryption.status);
      for (const policy of Object.values(p.policies)) expect(['enabled', 'disabled']).toContain(policy.status);
      expect(['Enabled', 'Disabled']).toContain(p.publicNetworkAccess);
    }
    const prod = props.find(({ r }) => r.name === 'contosoprod')?.p;
    expect(prod).toMatchObject({
      adminUserEnabled: false, publicNetworkAccess: 'Disabled', dataEndpointEnabled: true,
      encryption: { status: 'enabled', keyVaultProperties: { keyRotationEnabled: true } },
    });
    expect(prod?.privateEndpointConnections[0]?.properties.privateLinkServiceConnectionState.status).toBe('Approved');
    expect(prod?.dataEndpointHostNames.length).toBeGreaterThan(0);
    expect(props.find(({ r }) => r.name === 'contosopayments')?.p).toMatchObject({ adminUserEnabled: true, publicNetworkAccess: 'Enabled', encryption: { status: 'disabled' } });
    expect(props.find(({ r }) => r.name === 'contosodev')?.p).toMatchObject({ anonymousPullEnabled: true, adminUserEnabled: true });
    expect(new Set(registries.map((r) => (r.sku as { name: string }).name))).toEqual(new Set(['Basic', 'Standard', 'Premium']));
  });

  test('holds at least 40 distinct images with critical, resolved and exempt findings', () => {
    const images = new Set(subAssessments.filter((s) => !s.id.includes('managedClusters')).map(imageKeyOf));
    expect(images.size).toBeGreaterThanOrEqual(40);
    const criticals = subAssessments.filter((s) => severityOf(s) === 'Critical');
    expect(criticals.length).toBeGreaterThan(0);
    for (const c of criticals) expect(statusOf(c).severity).toBe('High');
    expect(subAssessments.some((s) => statusOf(s).code === 'Healthy')).toBe(true);
    expect(subAssessments.some((s) => statusOf(s).code === 'NotApplicable' && statusOf(s).cause === 'Exempt')).toBe(true);
    for (const s of subAssessments) expect(['Low', 'Medium', 'High']).toContain(statusOf(s).severity);
    const stale = subAssessments.filter((s) => {
      const pushed = propsOf<SubAssessmentProps>(s).additionalData.artifactDetails?.lastPushedToRegistryUTC;
      return pushed !== undefined && Date.parse(pushed) < Date.parse('2026-11-20T00:00:00Z') - 90 * 86_400_000;
    });
    expect(stale.length).toBeGreaterThan(0);
  });

  test('keeps one registry on the older Qualys shape, whose severity comes from CVSS', () => {
    const qualys = subAssessments.filter((s) => s.id.includes('/assessments/dbd0cb49-b563-45e7-9724-889e799fa648/'));
    expect(qualys.length).toBeGreaterThan(0);
    for (const q of qualys) {
      const data = propsOf<SubAssessmentProps>(q).additionalData;
      expect(data.assessedResourceType).toBe('ContainerRegistryVulnerability');
      expect(data.vulnerabilityDetails).toBeUndefined();
      expect(typeof data.cvss?.['3.0']?.base).toBe('number');
    }
    expect(qualys.some((q) => severityOf(q) === 'Critical')).toBe(true);
  });

  test('rolls assessments up: Unhealthy exactly when an open finding is under it', () => {
    const assessments = ofKind('assessment');
    for (const a of ofType('Microsoft.ContainerRegistry/registries')) {
      expect(assessments.some((x) => classify(x.id)?.parent?.toLowerCase() === a.id.toLowerCase()), a.id).toBe(true);
    }
    for (const a of assessments) {
      const open = subAssessments.some((s) => classify(s.id)?.parent === a.id && statusOf(s).code === 'Unhealthy');
      expect(statusOf(a).code, a.id).toBe(open ? 'Unhealthy' : 'Healthy');
    }
  });

  test('tells the payments/api:1.4.2 story: criticals, running in ACI and on AKS', () => {
    const story = subAssessments.filter((s) => {
      const a = propsOf<SubAssessmentProps>(s).additionalData.artifactDetails;
      return a?.registryHost === 'contosopayments.azurecr.io' && a.repositoryName === 'payments/api' && a.tags.includes('1.4.2');
    });
    const openCriticals = story.filter((s) => severityOf(s) === 'Critical' && statusOf(s).code === 'Unhealthy');
    expect(new Set(openCriticals.map((s) => propsOf<SubAssessmentProps>(s).id)).size).toBeGreaterThanOrEqual(3);
    expect(story.some((s) => s.id.includes('managedClusters') && s.id.includes('c609cf0f-71ab-41e9-a3c6-9a1f7fe1b8d5'))).toBe(true);
    const images = ofType('Microsoft.ContainerInstance/containerGroups').flatMap((g) => propsOf<ContainerGroupProps>(g).containers.map((c) => c.properties.image));
    expect(images).toContain('contosopayments.azurecr.io/payments/api:1.4.2');
  });

  test('has container groups that break and keep the guardrails', () => {
    const groups = ofType('Microsoft.ContainerInstance/containerGroups').map((g) => propsOf<ContainerGroupProps>(g));
    const env = groups.flatMap((g) => g.containers.flatMap((c) => c.properties.environmentVariables));
    expect(env.some((e) => /PASSWORD|SECRET/.test(e.name) && typeof e.value === 'string' && e.value.length > 0)).toBe(true);
    expect(env.some((e) => e.value === undefined && e.secureValue === undefined)).toBe(true);
    expect(groups.some((g) => g.containers.some((c) => c.properties.image.startsWith('docker.io/')))).toBe(true);
    expect(groups.some((g) => g.ipAddress.type === 'Public')).toBe(true);
    expect(groups.some((g) => g.ipAddress.type === 'Private' && g.subnetIds?.length === 1)).toBe(true);
    expect(groups.some((g) => g.imageRegistryCredentials.some((c) => c.username && c.password === undefined))).toBe(true);
    expect(groups.some((g) => g.imageRegistryCredentials.some((c) => c.identity))).toBe(true);
    expect(groups.some((g) => g.diagnostics?.logAnalytics?.workspaceId)).toBe(true);
    expect(groups.some((g) => g.containers.some((c) => c.properties.securityContext?.privileged === true))).toBe(true);
  });

  test('assigns real built-in policies, including the Kubernetes ones on the cluster group, and one exemption', () => {
    const assignments = ofKind('policyAssignment');
    for (const a of assignments) {
      const p = a.properties as { policyDefinitionId: string; scope: string };
      const m = /^\/providers\/Microsoft\.Authorization\/policyDefinitions\/([0-9a-f-]{36})$/.exec(p.policyDefinitionId);
      expect(BUILT_IN_POLICIES.has(m?.[1] ?? ''), p.policyDefinitionId).toBe(true);
      expect(a.id.toLowerCase().startsWith(`${p.scope.toLowerCase()}/providers/`)).toBe(true);
    }
    const cluster = ofType('Microsoft.ContainerService/ManagedClusters')[0];
    expect(cluster).toBeDefined();
    const clusterRg = classify(cluster?.id ?? '')?.parent?.toLowerCase();
    const onCluster = assignments.filter((a) => propsOf<PolicyProps>(a).scope.toLowerCase() === clusterRg).map((a) => propsOf<PolicyProps>(a).policyDefinitionId);
    expect(onCluster).toEqual(expect.arrayContaining([
      '/providers/Microsoft.Authorization/policyDefinitions/febd0533-8e55-448f-b837-bd0e06f16469',
      '/providers/Microsoft.Authorization/policyDefinitions/95edb821-ddaf-4404-9732-666045e056b4',
    ]));
    const exemptions = ofKind('policyExemption');
    expect(exemptions).toHaveLength(1);
    expect(byId.has((propsOf<PolicyProps>(exemptions[0]).policyAssignmentId ?? '').toLowerCase())).toBe(true);
  });

  test('sends registry logs to a workspace for some registries only', () => {
    const settings = ofKind('diagnosticSetting');
    const registries = ofType('Microsoft.ContainerRegistry/registries');
    expect(settings.length).toBeGreaterThan(0);
    expect(settings.length).toBeLessThan(registries.length);
    for (const s of settings) {
      const p = s.properties as { workspaceId: string; logs: Array<{ category: string; enabled: boolean }> };
      expect(p.workspaceId).toMatch(/\/providers\/Microsoft\.OperationalInsights\/workspaces\//);
      expect(p.logs.map((l) => l.category).sort()).toEqual(['ContainerRegistryLoginEvents', 'ContainerRegistryRepositoryEvents']);
    }
  });

  test.for([
    ['contosoprod via its group tag "production"', registry(SUB.prod, 'rg-registries-prod', 'contosoprod'), 'prod'],
    ['contosopayments via the group tag "Environment: Prod"', registry(SUB.prod, 'rg-payments-prod', 'contosopayments'), 'prod'],
    ['contosoweb via its subscription', registry(SUB.prod, 'rg-web-prod', 'contosoweb'), 'prod'],
    ['the load-test group by its own "stg" tag', `/subscriptions/${SUB.prod}/resourceGroups/rg-web-prod/providers/Microsoft.ContainerInstance/containerGroups/aci-web-loadtest`, 'staging'],
    ['contosostaging via its group tag "stg"', registry(SUB.staging, 'rg-platform-staging', 'contosostaging'), 'staging'],
    ['contosodev via its group tag "development"', registry(SUB.dev, 'rg-dev-sandbox', 'contosodev'), 'dev'],
    ['contosolegacy by its own "Env: PRODUCTION" tag in the dev subscription', registry(SUB.dev, 'rg-shared-tools', 'contosolegacy'), 'prod'],
  ] as const)('resolves the environment of %s', ([, id, expected]) => {
    expect(byId.has(id.toLowerCase()), id).toBe(true);
    expect(environmentOf(id, byId)).toBe(expected);
  });

  test('uses fixed timestamps no later than the reference day', () => {
    const stamps = text.match(/"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|\+00:00)"/g) ?? [];
    expect(stamps.length).toBeGreaterThan(100);
    for (const s of stamps) expect(Date.parse(JSON.parse(s) as string)).toBeLessThanOrEqual(Date.parse('2026-12-31T23:59:59Z'));
    const scans = subAssessments.map((s) => Date.parse(propsOf<SubAssessmentProps>(s).timeGenerated));
    expect(Math.max(...scans)).toBeLessThanOrEqual(Date.parse('2026-11-20T06:00:00Z'));
    expect(scans.filter((t) => t > Date.parse('2026-11-19T00:00:00Z')).length).toBeGreaterThan(100);
  });
});
