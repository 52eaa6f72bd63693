import { describe, expect, test } from 'vitest';
import { UserError } from '../../../src/domain/errors.js';
import {
  GuardrailsService,
  allowedImagesRegex,
  fixIdOf,
  parseFixId,
  type ImageFindingsSource,
  type PolicyComplianceSource,
} from '../../../src/domain/guardrails/index.js';
import { FakeWorkloads, NOW, cluster, estate, group, registry } from './support/facts.js';

/** The use case around the rules: parts that fail, and the fix buttons. */

const USER = { channelUserId: '29:1', aadObjectId: '3f2a1c4e-5b6d-4e7f-8a9b-0c1d2e3f4a51' };
const SETTINGS = { approvedRegistries: ['mcr.microsoft.com'], staleImageDays: 90 };

const failing: ImageFindingsSource & PolicyComplianceSource = {
  view: async () => Promise.reject(new Error('findings down')),
  policyStates: async () => Promise.reject(Object.assign(new Error('compliance down'), { statusCode: 503 })),
};

describe('fix ids', () => {
  test('round trip, and anything else is refused', () => {
    const targetId = registry('contosoprod').id;
    expect(parseFixId(fixIdOf({ kind: 'disable-admin-user', targetId }))).toEqual({ kind: 'disable-admin-user', targetId });
    for (const bad of [undefined, 42, '', 'disable-admin-user', `drop-tables|${targetId}`, 'registry-audit-logs|/not/an/arm/id', `registry-audit-logs|${targetId}/../x`]) {
      expect(parseFixId(bad), String(bad)).toBeUndefined();
    }
  });

  test('the allowed-images pattern escapes hosts and keeps path prefixes and wildcards', () => {
    const re = new RegExp(allowedImagesRegex(['contosoprod.azurecr.io', 'docker.io/contoso', '*.example.com']));
    expect(re.test('contosoprod.azurecr.io/web/app:1')).toBe(true);
    expect(re.test('docker.io/contoso/api:1')).toBe(true);
    expect(re.test('docker.io/library/redis:7')).toBe(false);
    expect(re.test('registry.example.com/x:1')).toBe(true);
    expect(re.test('contosoprodXazurecr.io/web/app:1')).toBe(false);
  });
});

describe('GuardrailsService', () => {
  test('failed findings and compliance reads make images and Kubernetes unknown, are reported, and do not fail the answer', async () => {
    const failed: string[] = [];
    const service = new GuardrailsService({
      workloads: new FakeWorkloads(estate({ groups: [group('aci-a')], clusters: [cluster('aks-a')] })),
      images: failing,
      policies: failing,
      settings: SETTINGS,
      onPartFailed: (part) => failed.push(part),
    });
    const report = await service.check(USER, NOW);
    const statuses = report.environments[0]?.workloads.map((w) => [w.workload.name, w.verdicts.find((v) => v.guardrail === 'images')?.status, w.verdicts.find((v) => v.guardrail === 'kubernetes')?.status]);
    expect(statuses).toEqual([['aks-a', 'unknown', 'unknown'], ['aci-a', 'unknown', 'na']]);
    expect(failed.sort()).toEqual(['images', 'policies']);
    expect([report.images.available, report.kubernetesAvailable]).toEqual([false, false]);
  });

  test('a question naming an age overrides the configured one', async () => {
    const service = new GuardrailsService({ workloads: new FakeWorkloads(estate()), settings: SETTINGS });
    expect((await service.check(USER, NOW, { staleDays: 30 })).staleDays).toBe(30);
    expect((await service.check(USER, NOW)).staleDays).toBe(90);
  });

  test('a fix re-reads the target as the person pressing: the change, then "already fixed", then "can\'t read"', async () => {
    let current = registry('contosopayments', { adminUserEnabled: true, audit: { state: 'none', missing: [], workspaceId: undefined } });
    const other = registry('contosoprod');
    const workloads = new FakeWorkloads(() => estate({ registries: [current, other] }));
    const service = new GuardrailsService({ workloads, settings: SETTINGS });

    const admin = await service.fix(USER, fixIdOf({ kind: 'disable-admin-user', targetId: current.id }), NOW);
    expect(admin.needed).toBe(true);
    expect([admin.proposal.request.method, admin.proposal.request.path]).toEqual(['PATCH', `${current.id}?api-version=2025-11-01`]);
    expect(admin.proposal.request.body).toEqual({ properties: { adminUserEnabled: false } });
    expect(admin.proposal.askFor).toBe('disable the admin user on registry contosopayments');
    expect(admin.proposal.tip).toContain('Configure container registries to disable local admin account.');

    const audit = await service.fix(USER, fixIdOf({ kind: 'registry-audit-logs', targetId: current.id }), NOW);
    // The workspace other registries already send to is proposed.
    expect(audit.proposal.request.body).toEqual({
      properties: { workspaceId: other.audit.workspaceId, logs: [{ category: 'ContainerRegistryLoginEvents', enabled: true }, { category: 'ContainerRegistryRepositoryEvents', enabled: true }] },
    });

    current = { ...current, adminUserEnabled: false };
    expect((await service.fix(USER, fixIdOf({ kind: 'disable-admin-user', targetId: current.id }), NOW)).needed).toBe(false);

    const gone = fixIdOf({ kind: 'disable-admin-user', targetId: current.id.replace('contosopayments', 'somebodyelses') });
    await expect(service.fix(USER, gone, NOW)).rejects.toBeInstanceOf(UserError);
    await expect(service.fix(USER, 'nonsense', NOW)).rejects.toThrow(/does not name anything/);
  });

  test('a Kubernetes fix proposes the built-in with the approved registries as its pattern', async () => {
    const aks = cluster('aks-prod');
    const service = new GuardrailsService({ workloads: new FakeWorkloads(estate({ clusters: [aks] })), settings: SETTINGS });
    const answer = await service.fix(USER, fixIdOf({ kind: 'assign-allowed-images', targetId: aks.id }), NOW);
    expect(answer.needed).toBe(true);
    const params = (answer.proposal.request.body.properties as { parameters: Record<string, { value: unknown }> }).parameters;
    const pattern = '^(contosoprod\\.azurecr\\.io|mcr\\.microsoft\\.com)/.+$';
    expect(params).toEqual({ effect: { value: 'Audit' }, allowedContainerImagesRegex: { value: pattern } });
    expect(answer.proposal.askFor).toBe(`assign the allowed images policy to rg-aks with effect Audit allowedContainerImagesRegex=${pattern}`);
  });
});
