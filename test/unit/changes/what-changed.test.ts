import { describe, expect, test } from 'vitest';
import { commands, createCommandRouter } from '../../../src/commands/index.js';
import type { CardReply, CommandContext } from '../../../src/commands/types.js';
import { ChangeHistory } from '../../../src/domain/changes/index.js';
import type { DigestObserver } from '../../../src/domain/digest/ports.js';
import type { Observation, ObservedFinding, ObservedImage, ObservedResource } from '../../../src/domain/digest/types.js';
import { memoryStore } from '../approvals/support/fakes.js';
import { context } from '../commands/support/context.js';

/** "what changed since yesterday" lists exactly what differs between yesterday's view and today's. */

const tag = Math.random().toString(36).slice(2, 7);
const unit = `sub-${tag}/unit0001`;
const finding = (id: string, image: string, severity: 'Critical' | 'High'): ObservedFinding => ({
  fingerprint: `${id}-${image}`, unit, severity, id, title: id, image, registryHost: `reg${tag}.azurecr.io`, resourceId: `/subscriptions/s/r/${tag}`, fixable: true,
});
const stale = (image: string): ObservedImage => ({ fingerprint: `stale-${image}`, unit, image, registryHost: `reg${tag}.azurecr.io`, lastPushed: '2026-01-01T00:00:00Z', ageDays: 300, resourceId: `/r/${image}` });
const nonCompliant = (name: string): ObservedResource => ({ fingerprint: `nc-${name}`, resourceId: `/r/${name}`, name, policy: `policy-${tag}` });

function observation(at: string, findings: ObservedFinding[], staleImages: ObservedImage[], resources: ObservedResource[]): Observation {
  return { readAt: at, readAs: 'Test Person', scopeLabel: '1 subscription', findings, staleImages, nonCompliant: resources, approvals: undefined, failedUnits: [], failedSubscriptions: [], missing: [] };
}

class SequenceObserver implements DigestObserver {
  constructor(private readonly reads: Observation[]) {}
  async observe(): Promise<Observation> {
    const next = this.reads.shift();
    if (!next) throw new Error('no more reads');
    return next;
  }
}

const keep = finding(`CVE-2026-${tag}1`, `api-${tag}:1.0`, 'Critical');
const gone = finding(`CVE-2026-${tag}2`, `web-${tag}:2.0`, 'High');
const fresh = finding(`CVE-2026-${tag}3`, `api-${tag}:1.0`, 'Critical');
const day1 = observation('2026-12-06T09:00:00Z', [keep, gone], [stale(`old-${tag}`)], [nonCompliant(`reg-a-${tag}`)]);
const day2 = observation('2026-12-07T09:00:00Z', [keep, fresh], [stale(`old-${tag}`), stale(`older-${tag}`)], [nonCompliant(`reg-a-${tag}`), nonCompliant(`reg-b-${tag}`)]);

function ctxAt(now: string, changes: ChangeHistory): CommandContext {
  const base = context();
  return { ...base, now: () => new Date(now), services: { ...base.services, changes } };
}

describe('what changed since yesterday', () => {
  test('between two days, exactly the differences: one new critical, one high resolved, one newly stale image, one newly non-compliant resource', async () => {
    const router = createCommandRouter(commands);
    const history = new ChangeHistory(new SequenceObserver([day1, day2]), memoryStore());
    const first = (await router.handleText('what changed since yesterday', ctxAt('2026-12-06T09:00:00Z', history))) as CardReply;
    expect(String(first.data.text)).toContain('I have no earlier record');

    const second = String(((await router.handleText('what changed since yesterday', ctxAt('2026-12-07T09:00:00Z', history))) as CardReply).data.text);
    expect(second).toContain(`**New criticals and highs (1)**\n\n• Critical ${fresh.id} in ${fresh.image}`);
    expect(second).not.toContain(keep.id);
    expect(second).toContain('**Resolved**: 0 critical, 1 high.');
    expect(second).toContain(`**Became stale (1)**\n\n• older-${tag} (300 days old)`);
    expect(second).toContain(`**Became non-compliant (1)**\n\n• reg-b-${tag}: policy-${tag}`);
    expect(second).toContain('compared with your view at 2026-12-06');
  });

  test('one snapshot a day, the oldest dropped beyond the bound', async () => {
    const store = memoryStore();
    const reads = Array.from({ length: 5 }, (_, i) => observation(`2026-12-0${i + 1}T09:00:00Z`, [], [], []));
    const history = new ChangeHistory(new SequenceObserver(reads), store, 3);
    const user = { channelUserId: 'u', aadObjectId: `oid-${tag}` };
    for (let i = 1; i <= 5; i++) await history.record(user, 'prod', new Date(`2026-12-0${i}T09:00:00Z`), AbortSignal.timeout(1000));
    const kept = await store.get<{ days: Record<string, unknown> }>('change-snapshots', `oid-${tag}|prod`);
    expect(Object.keys(kept?.value.days ?? {})).toEqual(['2026-12-03', '2026-12-04', '2026-12-05']);
  });

  test.for<[string, string]>([
    ['what changed since yesterday', '2026-12-06'],
    ['what changed since Monday', '2026-12-07'],
    ['what changed this week', '2026-12-07'],
    ['what changed in November', '2026-11-01'],
  ])('%s reads from %s', async ([text, day]) => {
    const { parse } = await import('../../../src/domain/language/index.js');
    const { windowOf } = await import('../../../src/commands/what-changed.js');
    const now = new Date('2026-12-07T12:00:00Z');
    expect(windowOf(parse(text, { now }), now).from.toISOString().slice(0, 10)).toBe(day);
  });
});
