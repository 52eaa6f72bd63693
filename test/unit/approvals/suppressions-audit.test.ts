import { afterEach, describe, expect, test, vi } from 'vitest';
import { createAuditLog, type AuditEntry } from '../../../src/domain/audit/index.js';
import { applySuppressions, cachedSuppressionStore, createSuppressionStore, type Suppression } from '../../../src/domain/suppressions/index.js';
import { memoryStore } from './support/fakes.js';
import { people } from './support/fakes.js';

afterEach(() => {
  vi.useRealTimers();
});

function suppression(overrides: Partial<Suppression> = {}): Suppression {
  return {
    id: 'sup-1',
    cveId: 'CVE-2024-3094',
    repository: 'payments/api',
    reason: 'vendor fix ships Friday',
    owner: people.diego,
    approvedBy: people.priya,
    approvalId: 'approval-1',
    createdAt: '2026-03-01T00:00:00.000Z',
    expiresAt: '2026-03-31T00:00:00.000Z',
    ...overrides,
  };
}

interface Row {
  cve?: string;
  repo: string;
  host: string;
}

const rows: Row[] = [
  { cve: 'CVE-2024-3094', repo: 'payments/api', host: 'contosoprod.azurecr.io' },
  { cve: 'CVE-2024-3094', repo: 'payments/api', host: 'contosodev.azurecr.io' },
  { cve: 'cve-2024-3094', repo: 'Payments/API', host: 'contosopayments.azurecr.io' },
  { cve: 'CVE-2024-3094', repo: 'web/frontend', host: 'contosoprod.azurecr.io' },
  { cve: 'CVE-2023-4863', repo: 'payments/api', host: 'contosoprod.azurecr.io' },
  { repo: 'payments/api', host: 'contosoprod.azurecr.io' },
];
const describeRow = (r: Row) => ({ cveId: r.cve, repository: r.repo, registry: r.host });

describe('suppressions', () => {
  test('hide the CVE on the repository in every registry, and say how many were hidden', () => {
    const result = applySuppressions(rows, [suppression()], describeRow);
    expect(result.hidden).toBe(3);
    expect(result.kept.map((r) => `${r.cve ?? '-'} ${r.repo}`)).toEqual(['CVE-2024-3094 web/frontend', 'CVE-2023-4863 payments/api', '- payments/api']);
    expect(result.applied.map((s) => s.id)).toEqual(['sup-1']);
  });

  test('one naming a registry hides it only there', () => {
    const result = applySuppressions(rows, [suppression({ registry: 'contosodev' })], describeRow);
    expect(result.hidden).toBe(1);
    expect(result.kept).not.toContainEqual(rows[1]);
  });

  test('no suppressions, nothing hidden', () => {
    expect(applySuppressions(rows, [], describeRow)).toEqual({ kept: rows, hidden: 0, applied: [] });
  });

  test('expire by the clock: findings come back when the suppression ends', async () => {
    vi.useFakeTimers({ now: new Date('2026-03-01T00:00:00Z') });
    const store = createSuppressionStore(memoryStore());
    await store.add(suppression());
    await store.add(suppression({ id: 'sup-2', cveId: 'CVE-2023-4863', expiresAt: '2026-03-10T00:00:00.000Z' }));
    expect((await store.active(new Date())).map((s) => s.id)).toEqual(['sup-2', 'sup-1']);
    vi.setSystemTime(new Date('2026-03-15T00:00:00Z'));
    expect((await store.active(new Date())).map((s) => s.id)).toEqual(['sup-1']);
    vi.setSystemTime(new Date('2026-03-31T00:00:00Z'));
    const active = await store.active(new Date());
    expect(active).toEqual([]);
    expect(applySuppressions(rows, active, describeRow).hidden).toBe(0);
    // Kept for the record after it ended.
    expect((await store.get('sup-1'))?.reason).toBe('vendor fix ships Friday');
  });

  test('the cached view reads the store once per period, applies expiry at every read, and sees its own additions at once', async () => {
    let reads = 0;
    const inner = createSuppressionStore(memoryStore());
    const counting = { ...inner, active: (at: Date) => (reads++, inner.active(at)) };
    let clock = Date.parse('2026-03-01T00:00:00Z');
    const cached = cachedSuppressionStore(counting, 15_000, () => clock);
    const at = (iso: string): Date => new Date(iso);

    await cached.add(suppression({ expiresAt: '2026-03-01T00:00:10.000Z' }));
    expect((await cached.active(at('2026-03-01T00:00:00Z'))).map((s) => s.id)).toEqual(['sup-1']);
    expect((await cached.active(at('2026-03-01T00:00:01Z'))).map((s) => s.id)).toEqual(['sup-1']);
    expect(reads).toBe(1);
    // Ended while cached: gone at the next read, without a store read.
    expect(await cached.active(at('2026-03-01T00:00:11Z'))).toEqual([]);
    expect(reads).toBe(1);
    // Added here: seen at once.
    await cached.add(suppression({ id: 'sup-2', expiresAt: '2026-03-31T00:00:00.000Z' }));
    expect((await cached.active(at('2026-03-01T00:00:12Z'))).map((s) => s.id)).toEqual(['sup-2']);
    expect(reads).toBe(2);
    // Added by another instance: seen once the period has passed.
    await inner.add(suppression({ id: 'sup-3', cveId: 'CVE-2023-4863', expiresAt: '2026-03-30T00:00:00.000Z' }));
    expect((await cached.active(at('2026-03-01T00:00:13Z'))).map((s) => s.id)).toEqual(['sup-2']);
    clock += 15_000;
    expect((await cached.active(at('2026-03-01T00:00:28Z'))).map((s) => s.id)).toEqual(['sup-3', 'sup-2']);
    expect(reads).toBe(3);
  });

  test('a failed read of the cached view is not kept', async () => {
    const inner = createSuppressionStore(memoryStore());
    let fail = true;
    const flaky = { ...inner, active: (at: Date) => (fail ? Promise.reject(new Error('store down')) : inner.active(at)) };
    const cached = cachedSuppressionStore(flaky, 15_000, () => 0);
    await inner.add(suppression());
    await expect(cached.active(new Date('2026-03-02T00:00:00Z'))).rejects.toThrow('store down');
    fail = false;
    expect((await cached.active(new Date('2026-03-02T00:00:00Z'))).map((s) => s.id)).toEqual(['sup-1']);
  });
});

function entry(at: string, overrides: Partial<AuditEntry> = {}): AuditEntry {
  return {
    at,
    action: 'approval.approved',
    actor: people.priya.objectId,
    actorName: 'Priya Raman',
    target: '/subscriptions/s3/resourceGroups/rg-dev-sandbox/providers/Microsoft.Authorization/policyAssignments/a',
    targetLabel: 'rg-dev-sandbox (Contoso Dev)',
    approvalId: 'approval-1',
    summary: 'Priya Raman approved: Assign …',
    detail: {},
    ...overrides,
  };
}

describe('the audit log', () => {
  test('is append-only, read newest first, by period, scope and action', async () => {
    const store = memoryStore();
    const log = createAuditLog(store);
    await log.append(entry('2026-03-01T09:00:00.000Z', { action: 'approval.requested', actorName: 'Diego Alvarez' }));
    await log.append(entry('2026-03-02T10:00:00.000Z'));
    await log.append(entry('2026-03-02T10:00:01.000Z', { action: 'change.succeeded', detail: { status: 201, correlationId: 'c-1' } }));
    await log.append(entry('2026-03-03T08:00:00.000Z', { target: '/subscriptions/s1/resourceGroups/rg-registries-prod', targetLabel: 'rg-registries-prod' }));
    // Records other features append to the same namespace are left out.
    await store.put('audit', '2026-03-02T11:00:00.000Z#x', { at: '2026-03-02T11:00:00.000Z', actor: 'digest', action: 'digest.sent' });

    const week = await log.query({ from: new Date('2026-03-01T00:00:00Z'), to: new Date('2026-03-08T00:00:00Z') });
    expect(week.map((e) => e.at)).toEqual(['2026-03-03T08:00:00.000Z', '2026-03-02T10:00:01.000Z', '2026-03-02T10:00:00.000Z', '2026-03-01T09:00:00.000Z']);
    const day = await log.query({ from: new Date('2026-03-02T00:00:00Z'), to: new Date('2026-03-03T00:00:00Z') });
    expect(day).toHaveLength(2);
    expect(await log.query({ from: new Date('2026-03-01T00:00:00Z'), to: new Date('2026-03-08T00:00:00Z'), scope: 'rg-dev-sandbox' })).toHaveLength(3);
    expect(await log.query({ from: new Date('2026-03-01T00:00:00Z'), to: new Date('2026-03-08T00:00:00Z'), scope: '/subscriptions/s1' })).toHaveLength(1);
    expect((await log.query({ from: new Date('2026-03-01T00:00:00Z'), to: new Date('2026-03-08T00:00:00Z'), actions: ['approval.approved'] })).map((e) => e.actorName)).toEqual(['Priya Raman', 'Priya Raman']);
    // Writes are create-only: appending never overwrites history.
    let count = 0;
    for await (const _ of store.list('audit')) count++;
    expect(count).toBe(5);
  });
});
