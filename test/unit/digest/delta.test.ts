import { describe, expect, test } from 'vitest';
import { computeDelta } from '../../../src/domain/digest/delta.js';
import { subscriptionOfUnit, unitKey } from '../../../src/domain/digest/fingerprint.js';
import { CLUSTER, REGISTRY, SUB_PROD, finding, observation, staleImage } from './support/fakes.js';

describe('digest deltas from fingerprints', () => {
  test('the first digest is a baseline: totals, nothing "new"', () => {
    const delta = computeDelta(undefined, observation({ findings: [finding('CVE-1'), finding('CVE-2', 'High')], staleImages: [staleImage('old/app:1')] }));
    expect(delta.baseline).toBe(true);
    expect(delta.newFindings).toEqual([]);
    expect(delta.open).toEqual({ critical: 1, high: 1 });
    expect(delta.staleTotal).toBe(1);
    expect(Object.values(delta.snapshot.findings).flat()).toHaveLength(2);
  });

  test('new, resolved and unchanged findings between two reads', () => {
    const first = computeDelta(undefined, observation({ findings: [finding('CVE-1'), finding('CVE-2', 'High'), finding('CVE-3')] }));
    const second = computeDelta(first.snapshot, observation({ findings: [finding('CVE-1'), finding('CVE-4'), finding('CVE-5', 'High')] }));
    expect(second.baseline).toBe(false);
    expect(second.since).toBe(first.snapshot.takenAt);
    expect(second.newFindings.map((f) => f.id).sort()).toEqual(['CVE-4', 'CVE-5']);
    expect(second.resolved).toEqual({ critical: 1, high: 1 });
    expect(second.open).toEqual({ critical: 2, high: 1 });
    const third = computeDelta(second.snapshot, observation({ findings: [finding('CVE-1'), finding('CVE-4'), finding('CVE-5', 'High')] }));
    expect(third.newFindings).toEqual([]);
    expect(third.resolved).toEqual({ critical: 0, high: 0 });
  });

  test('the same image and CVE from the registry scan and a cluster counts once', () => {
    const delta = computeDelta(
      computeDelta(undefined, observation()).snapshot,
      observation({ findings: [finding('CVE-9'), finding('CVE-9', 'Critical', CLUSTER)] }),
    );
    expect(delta.newFindings).toHaveLength(1);
    expect(delta.open.critical).toBe(1);
  });

  test('a severity raised from high to critical is a new critical (and the high is no longer open)', () => {
    const before = computeDelta(undefined, observation({ findings: [finding('CVE-7', 'High')] }));
    const after = computeDelta(before.snapshot, observation({ findings: [finding('CVE-7', 'Critical')] }));
    expect(after.newFindings.map((f) => `${f.id} ${f.severity}`)).toEqual(['CVE-7 Critical']);
    expect(after.resolved).toEqual({ critical: 0, high: 1 });
  });

  test('a registry that could not be read keeps what it had: nothing is called resolved, nothing lost for next time', () => {
    const before = computeDelta(undefined, observation({ findings: [finding('CVE-1'), finding('CVE-2', 'Critical', CLUSTER)] }));
    const failed = computeDelta(before.snapshot, observation({ findings: [finding('CVE-2', 'Critical', CLUSTER)], failedUnits: [unitKey(SUB_PROD, REGISTRY)] }));
    expect(failed.resolved).toEqual({ critical: 0, high: 0 });
    expect(failed.open.critical).toBe(2);
    // Back the next time, and actually fixed: now it is resolved.
    const recovered = computeDelta(failed.snapshot, observation({ findings: [finding('CVE-2', 'Critical', CLUSTER)] }));
    expect(recovered.resolved.critical).toBe(1);
  });

  test('a subscription that could not be listed keeps all of its units', () => {
    const before = computeDelta(undefined, observation({ findings: [finding('CVE-1'), finding('CVE-2', 'High', CLUSTER)] }));
    expect(subscriptionOfUnit(unitKey(SUB_PROD, REGISTRY))).toBe(SUB_PROD);
    const failed = computeDelta(before.snapshot, observation({ failedSubscriptions: [SUB_PROD.toUpperCase()] }));
    expect(failed.resolved).toEqual({ critical: 0, high: 0 });
    expect(failed.open).toEqual({ critical: 1, high: 1 });
  });

  test('images that became stale since the last digest', () => {
    const before = computeDelta(undefined, observation({ staleImages: [staleImage('a:1')] }));
    const after = computeDelta(before.snapshot, observation({ staleImages: [staleImage('a:1'), staleImage('b:2', 95)] }));
    expect(after.newStale.map((i) => i.image)).toEqual(['b:2']);
    expect(after.staleTotal).toBe(2);
  });

  test('non-compliant resources: new ones once compliance has a baseline', () => {
    const resource = (name: string) => ({ fingerprint: `fp-${name}`, resourceId: `/x/${name}`, name, policy: 'no public access' });
    const none = computeDelta(undefined, observation());
    const firstRead = computeDelta(none.snapshot, observation({ nonCompliant: [resource('a')] }));
    expect(firstRead.newNonCompliant).toBeUndefined();
    expect(firstRead.nonCompliantTotal).toBe(1);
    const later = computeDelta(firstRead.snapshot, observation({ nonCompliant: [resource('a'), resource('b')] }));
    expect(later.newNonCompliant?.map((r) => r.name)).toEqual(['b']);
    // Not readable this time: the baseline survives for the next read.
    const unread = computeDelta(later.snapshot, observation());
    expect(unread.snapshot.nonCompliant).toEqual(later.snapshot.nonCompliant);
  });

  test('the snapshot is compact: fingerprints only, no finding details', () => {
    const findings = Array.from({ length: 2000 }, (_, i) => finding(`CVE-2026-${i}`, i % 3 === 0 ? 'Critical' : 'High'));
    const { snapshot } = computeDelta(undefined, observation({ findings }));
    const size = JSON.stringify(snapshot).length;
    expect(size).toBeLessThan(2000 * 20);
    expect(JSON.stringify(snapshot)).not.toContain('CVE-2026');
  });

  test('a suppression is neither a resolution when it starts nor a new finding when it ends; while it lasts the finding is hidden', () => {
    const open = observation({ findings: [finding('CVE-1'), finding('CVE-2', 'High')] });
    const hidden = observation({ findings: [{ ...finding('CVE-1'), suppressed: true }, finding('CVE-2', 'High')] });
    const first = computeDelta(undefined, open);
    const during = computeDelta(first.snapshot, hidden);
    expect(during.resolved).toEqual({ critical: 0, high: 0 });
    expect(during.open).toEqual({ critical: 0, high: 1 });
    expect(during.hidden).toBe(1);
    const after = computeDelta(during.snapshot, open);
    expect(after.newFindings).toEqual([]);
    expect(after.open).toEqual({ critical: 1, high: 1 });
    expect(after.hidden).toBe(0);
    // A finding that appears already suppressed is not announced as new.
    const fresh = computeDelta(first.snapshot, observation({ findings: [...open.findings, { ...finding('CVE-9'), suppressed: true }] }));
    expect(fresh.newFindings).toEqual([]);
    expect(fresh.hidden).toBe(1);
  });
});
