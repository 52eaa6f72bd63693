import { describe, expect, test } from 'vitest';
import { ConfigError, loadConfig } from '../../../src/config/index.js';
import { approvalsDigestPort } from '../../../src/domain/approvals/index.js';
import { createSuppressionStore } from '../../../src/domain/suppressions/index.js';
import { anotherAssignRequest, assignRequest, CONVERSATION, harness, memoryStore, people } from './support/fakes.js';

describe('configuration', () => {
  test('approver groups and expiry are read and validated', () => {
    const config = loadConfig({ APPROVER_GROUPS: '5E6F7A8B-9C0D-4E1F-8A2B-3C4D5E6F7A04, 0e9f8d7c-6b5a-4f3e-9d2c-1b0a9f8e7d6c', APPROVAL_EXPIRY_HOURS: '8' }, { requireEmulatorCa: false });
    expect(config.approvals).toMatchObject({ approverGroups: ['5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a04', '0e9f8d7c-6b5a-4f3e-9d2c-1b0a9f8e7d6c'], expiryHours: 8 });
    expect(loadConfig({}, { requireEmulatorCa: false }).approvals).toEqual({ approverGroups: [], expiryHours: 24, claimLeaseMs: 60_000, recoveryIntervalMs: 30_000, runBudgetMs: 600_000, answerWithinMs: 2_500 });
    expect(loadConfig({ APPROVAL_CLAIM_LEASE_SECONDS: '0.5', APPROVAL_RECOVERY_SECONDS: '0.2' }, { requireEmulatorCa: false }).approvals).toMatchObject({ claimLeaseMs: 500, recoveryIntervalMs: 200 });
    expect(() => loadConfig({ APPROVER_GROUPS: 'Security Auditors' }, { requireEmulatorCa: false })).toThrow(ConfigError);
    expect(() => loadConfig({ APPROVAL_EXPIRY_HOURS: '0' }, { requireEmulatorCa: false })).toThrow(ConfigError);
  });
});

describe('what digests report of approvals', () => {
  test('open requests, and suppressions ending within a week', async () => {
    const h = harness();
    const open = await h.service.request(assignRequest(), people.diego, CONVERSATION);
    const settled = await h.service.request(anotherAssignRequest(), people.diego, CONVERSATION);
    await h.service.approve(settled.id, people.priya, CONVERSATION);
    const suppressions = createSuppressionStore(memoryStore());
    const base = { cveId: 'CVE-2024-3094', repository: 'payments/api', reason: 'r', owner: people.diego, approvedBy: people.priya, approvalId: 'a', createdAt: '2026-03-01T00:00:00.000Z' };
    await suppressions.add({ ...base, id: 'soon', expiresAt: '2026-03-05T00:00:00.000Z' });
    await suppressions.add({ ...base, id: 'later', expiresAt: '2026-04-30T00:00:00.000Z' });
    const port = approvalsDigestPort(h.service, suppressions);
    const report = await port.open({ kind: 'app' }, undefined, new Date('2026-03-01T00:00:00Z'));
    expect(report?.pending.map((p) => p.id)).toEqual([open.id]);
    expect(report?.expiringSuppressions).toEqual([{ id: 'soon', title: 'CVE-2024-3094 on payments/api', expiresAt: '2026-03-05T00:00:00.000Z' }]);
  });

  test('a digest for one environment lists only the requests inside it', async () => {
    const h = harness({ environments: { of: async (scopes) => (scopes.some((s) => s.includes('000000000003')) ? ['dev'] : ['prod']) } });
    const dev = await h.service.request(assignRequest(), people.diego, CONVERSATION);
    const port = approvalsDigestPort(h.service, createSuppressionStore(memoryStore()));
    const now = new Date();
    expect((await port.open({ kind: 'app' }, 'prod', now))?.pending).toEqual([]);
    expect((await port.open({ kind: 'app' }, 'dev', now))?.pending.map((p) => p.id)).toEqual([dev.id]);
    expect((await port.open({ kind: 'app' }, undefined, now))?.pending.map((p) => p.id)).toEqual([dev.id]);
  });
});
