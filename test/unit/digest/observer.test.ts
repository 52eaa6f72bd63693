import { describe, expect, test } from 'vitest';
import { EstateDigestObserver } from '../../../src/domain/digest/estate-observer.js';
import { unitKey } from '../../../src/domain/digest/fingerprint.js';
import type { CompliancePort } from '../../../src/domain/compliance/index.js';
import type { FindingRecord, FindingsSource, ScanRequest, ScanSink, ScanUnit } from '../../../src/domain/findings/index.js';
import { NO_APPROVALS_YET } from '../../../src/domain/digest/ports.js';
import { CLUSTER, REGISTRY, SUB_PROD } from './support/fakes.js';

const DEV_SUB = '1d6e3a2b-7c4f-4e5d-9a8b-000000000003';
const DEV_REGISTRY = `/subscriptions/${DEV_SUB}/resourceGroups/rg-dev/providers/Microsoft.ContainerRegistry/registries/contosodev`;

function record(id: string, partial: Partial<FindingRecord> = {}): FindingRecord {
  return {
    open: true,
    image: { registryHost: 'contosoprod.azurecr.io', repository: 'payments/api', digest: 'sha256:d33b0af8c00dd9446075b2bcebe7934fa85fc35f01cfd9595c37e8d45114a549' },
    tags: ['1.4.2'],
    lastPushed: '2026-03-01T00:00:00Z',
    id,
    cveId: id,
    title: id,
    severity: 'Critical',
    cvss: 9.8,
    packageName: 'p',
    installedVersion: '1',
    fixedVersion: '2',
    fixable: true,
    remediation: undefined,
    scannedAt: undefined,
    scanner: 'registry',
    assessedResourceId: REGISTRY,
    placements: [],
    ...partial,
  };
}

const unit = (resourceId: string, subscriptionId: string, runtime = false): ScanUnit => ({ id: resourceId, subscriptionId, label: resourceId.split('/').pop() ?? '', resourceId, runtime });

/** Plays a scan into the sink the way the Defender source does, remembering who asked. */
class ScriptedSource implements FindingsSource {
  readonly requests: ScanRequest[] = [];
  async scan(request: ScanRequest, sink: ScanSink): Promise<void> {
    this.requests.push(request);
    sink.subscriptions([
      { id: SUB_PROD, name: 'Contoso Prod', tenantId: undefined, environment: 'prod' },
      { id: DEV_SUB, name: 'Contoso Dev', tenantId: undefined, environment: 'dev' },
    ]);
    const registry = (id: string, sub: string, env: 'prod' | 'dev', host: string) => ({
      id, name: host.split('.')[0] ?? '', loginServer: host, subscriptionId: sub, resourceGroup: 'rg', environment: env,
      posture: { publicNetworkAccess: false, adminUserEnabled: false, anonymousPullEnabled: false }, scanState: 'findings' as const, scanner: 'registry' as const,
    });
    sink.registries(SUB_PROD, [registry(REGISTRY, SUB_PROD, 'prod', 'contosoprod.azurecr.io')]);
    sink.registries(DEV_SUB, [registry(DEV_REGISTRY, DEV_SUB, 'dev', 'contosodev.azurecr.io')]);
    sink.clusters(SUB_PROD, [{ id: CLUSTER, name: 'aks', subscriptionId: SUB_PROD, resourceGroup: 'rg', environment: 'prod' }]);
    sink.findings(unit(REGISTRY, SUB_PROD), [
      record('CVE-1'),
      record('CVE-2', { severity: 'High' }),
      record('CVE-3', { severity: 'Medium' }),
      record('CVE-4', { open: false }),
      record('CVE-5', { lastPushed: '2025-10-01T00:00:00Z', image: { registryHost: 'contosoprod.azurecr.io', repository: 'legacy/batch', digest: 'sha256:aaaaaaaa' }, tags: [] }),
    ]);
    sink.unitDone(unit(REGISTRY, SUB_PROD));
    sink.findings(unit(DEV_REGISTRY, DEV_SUB), [record('CVE-6', { image: { registryHost: 'contosodev.azurecr.io', repository: 'x', digest: 'sha256:bb' } })]);
    sink.unitDone(unit(DEV_REGISTRY, DEV_SUB));
    sink.unitDone(unit(CLUSTER, SUB_PROD, true), 'Azure answered 503 three times');
    sink.subscriptionDone(SUB_PROD);
    sink.subscriptionDone(DEV_SUB);
  }
  async imageFindings(): Promise<FindingRecord[]> {
    return [];
  }
}

describe('the estate as a digest sees it', () => {
  test('open criticals and highs of the chosen environment, stale images, and what could not be read', async () => {
    const app = new ScriptedSource();
    const user = new ScriptedSource();
    const observer = new EstateDigestObserver({ app: { findings: app }, user: { findings: user }, approvals: NO_APPROVALS_YET, appName: 'reader' });
    const seen = await observer.observe({ kind: 'app' }, 'prod', new Date('2026-03-30T07:00:00Z'), AbortSignal.timeout(1000));
    expect(seen.findings.map((f) => `${f.id} ${f.severity}`)).toEqual(['CVE-1 Critical', 'CVE-2 High', 'CVE-5 Critical']);
    expect(seen.staleImages.map((i) => `${i.image} ${i.ageDays}`)).toEqual(['legacy/batch@sha256:aaaaaaaa 180']);
    expect(seen.failedUnits).toEqual([unitKey(SUB_PROD, CLUSTER)]);
    expect(seen.missing).toEqual([expect.stringContaining('Azure answered 503')]);
    expect(seen.nonCompliant).toBeUndefined();
    expect(seen.approvals).toBeUndefined();
    expect(seen.readAs).toBe('reader');
    expect(app.requests[0]?.scope).toEqual({ environments: ['prod'] });
    expect(user.requests).toHaveLength(0);
  });

  test('findings a suppression covers are flagged, in that repository only, and an unreadable suppression store hides nothing', async () => {
    const person = { objectId: 'x', name: 'x' };
    const cve1 = { id: 's1', cveId: 'CVE-1', repository: 'payments/api', reason: 'r', owner: person, approvedBy: person, approvalId: 'a', createdAt: '2026-03-01T00:00:00Z', expiresAt: '2026-04-30T00:00:00Z' };
    const observe = (suppressions: { active(now: Date): Promise<typeof cve1[]> }) =>
      new EstateDigestObserver({ app: { findings: new ScriptedSource() }, user: { findings: new ScriptedSource() }, approvals: NO_APPROVALS_YET, appName: 'reader', suppressions })
        .observe({ kind: 'app' }, 'prod', new Date('2026-03-30T07:00:00Z'), AbortSignal.timeout(1000));
    const seen = await observe({ active: async () => [cve1] });
    expect(seen.findings.map((f) => `${f.id} ${f.suppressed === true}`)).toEqual(['CVE-1 true', 'CVE-2 false', 'CVE-5 false']);
    const broken = await observe({ active: () => Promise.reject(new Error('store down')) });
    expect(broken.findings.some((f) => f.suppressed)).toBe(false);
  });

  test('"as me" reads with the subscriber, and every environment when none was chosen', async () => {
    const user = new ScriptedSource();
    const observer = new EstateDigestObserver({ app: undefined, user: { findings: user }, approvals: NO_APPROVALS_YET, appName: 'reader' });
    const priya = { channelUserId: '29:p', aadObjectId: 'p-oid', name: 'Priya Raman' };
    const seen = await observer.observe({ kind: 'user', user: priya }, undefined, new Date('2026-03-30T07:00:00Z'), AbortSignal.timeout(1000));
    expect(user.requests[0]?.user).toEqual(priya);
    expect(seen.findings.map((f) => f.id)).toContain('CVE-6');
    expect(seen.readAs).toBe('Priya Raman');
    await expect(observer.observe({ kind: 'app' }, undefined, new Date(), AbortSignal.timeout(1000))).rejects.toThrow(/No read-only digest identity/);
  });

  test('non-compliant resources of the environment, when compliance can be read', async () => {
    const state = (resourceId: string, environment: 'prod' | 'dev', state = 'NonCompliant') => ({
      resourceId, resourceType: 'Microsoft.ContainerRegistry/registries', resourceGroup: 'rg', subscriptionId: SUB_PROD, environment,
      assignmentId: '/a/1', assignmentName: 'a1', assignmentScope: '/', definitionId: '/d/1', definitionName: 'Container registries should not allow unrestricted network access',
      effect: 'audit', state, timestamp: undefined,
    });
    const compliance: CompliancePort = {
      policyStates: async () => ({ states: [state(REGISTRY, 'prod'), state(DEV_REGISTRY, 'dev'), state(`${REGISTRY}x`, 'prod', 'Compliant')], allStates: false, counts: undefined, assignments: [], scope: { readable: [], searched: [], resourceGroups: [] } }),
      explain: async () => new Map(),
      assignments: async () => { throw new Error('unused'); },
    };
    const observer = new EstateDigestObserver({ app: { findings: new ScriptedSource(), compliance }, user: { findings: new ScriptedSource() }, approvals: NO_APPROVALS_YET, appName: 'r' });
    const seen = await observer.observe({ kind: 'app' }, 'prod', new Date('2026-03-30T07:00:00Z'), AbortSignal.timeout(1000));
    expect(seen.nonCompliant?.map((r) => `${r.name}: ${r.policy}`)).toEqual(['contosoprod: Container registries should not allow unrestricted network access']);
  });
});
