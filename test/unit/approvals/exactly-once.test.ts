import { describe, expect, test } from 'vitest';
import type { ApprovalRequest, ArmChangeSpec, ExecutionResult, Person } from '../../../src/domain/approvals/index.js';
import { assignRequest, CONVERSATION, FakeExecutor, harness, people } from './support/fakes.js';

/**
 * Exactly once whatever the timing: a write slower than the lease keeps its claim, a stale owner's
 * late result is fenced off, throttling is waited out in the background, and a click answers at once.
 */

/** Azure that takes `holdMs` per write, and answers 429 while `throttled` is set. */
class SlowExecutor extends FakeExecutor {
  holdMs = 0;
  throttled = false;

  override async execute(change: ArmChangeSpec, as: Person): Promise<ExecutionResult> {
    if (this.throttled) {
      this.executions.push({ change, as });
      return { ok: false, retryable: true, status: 429, code: 'SubscriptionRequestsThrottled', message: 'Too many requests.' };
    }
    await new Promise((r) => setTimeout(r, this.holdMs));
    return super.execute(change, as);
  }
}

function slowHarness(options: Parameters<typeof harness>[0] = {}) {
  const h = harness(options);
  const slow = new SlowExecutor();
  return { ...h, slow, service: h.make({ executor: slow }), other: (more: Parameters<typeof harness>[0] = {}) => h.make({ executor: slow, ...more }) };
}

const succeeded = (entries: { action: string }[]): number => entries.filter((e) => e.action === 'change.succeeded').length;

describe('a write slower than the claim lease', () => {
  test('the running instance renews its claim, so another instance sweeping meanwhile takes nothing over', async () => {
    const h = slowHarness({ claimLeaseMs: 150, answerWithinMs: 20, instanceId: 'a' });
    h.slow.holdMs = 700;
    const other = h.other({ claimLeaseMs: 150, instanceId: 'b' });
    const r = await h.service.request(assignRequest(), people.diego, CONVERSATION);

    const decision = await h.service.approve(r.id, people.priya, CONVERSATION);
    expect(decision.kind).toBe('running');
    for (let i = 0; i < 8; i++) {
      await new Promise((res) => setTimeout(res, 100));
      expect((await other.sweep()).resumed).toBe(0);
    }
    await h.service.idle();
    expect(h.slow.executions).toHaveLength(1);
    expect((await h.service.view(r.id))?.state).toBe('succeeded');
    expect(succeeded(await h.audit())).toBe(1);
  });

  test('a stale owner finishing late neither overwrites the new owner’s record nor adds an audit entry', async () => {
    const h = slowHarness({ claimLeaseMs: 100, answerWithinMs: 10, instanceId: 'a' });
    h.slow.holdMs = 400;
    const r = await h.service.request(assignRequest(), people.diego, CONVERSATION);
    await h.service.approve(r.id, people.priya, CONVERSATION);
    // The owner's renewals stop reaching the store (a partition): its lease runs out and B takes over.
    const stored = await h.store.get<ApprovalRequest>('approvals', r.id);
    const stale = { ...(stored?.value as ApprovalRequest), claim: { id: 'b-claim', leaseUntil: new Date(Date.now() + 60_000).toISOString(), instanceId: 'b', generation: 2 } };
    await h.store.put('approvals', r.id, stale, { ifMatch: stored?.etag ?? '' });
    await h.service.idle();

    const after = await h.service.view(r.id);
    expect(after?.state).toBe('executing');
    expect(after?.claim?.id).toBe('b-claim');
    expect(succeeded(await h.audit())).toBe(0);
  });

  test('a takeover asks Azure first and does not send what is already there', async () => {
    const h = slowHarness({ claimLeaseMs: 50, instanceId: 'b' });
    const r = await h.service.request(assignRequest(), people.diego, CONVERSATION);
    const stored = await h.store.get<ApprovalRequest>('approvals', r.id);
    // A's claim, never renewed again: A stopped after the PUT reached Azure.
    const left = { ...r, state: 'approved' as const, approvedBy: people.priya, claim: { id: 'a-claim', leaseUntil: new Date(Date.now() - 1).toISOString(), instanceId: 'a', generation: 1 } };
    await h.store.put('approvals', r.id, left, { ifMatch: stored?.etag ?? '' });
    h.slow.made.add(r.operation?.path ?? '');
    expect((await h.service.sweep()).resumed).toBe(1);
    await h.service.idle();
    expect(h.slow.verifies).toBe(1);
    expect(h.slow.executions).toHaveLength(0);
    const done = await h.service.view(r.id);
    expect(done?.state).toBe('succeeded');
    expect(done?.outcome?.verifiedAfterRestart).toBe(true);
  });
});

describe('a restart with the same instance id', () => {
  test('resumes its own claims at once, before their lease runs out; others wait for the lease', async () => {
    const h = slowHarness({ claimLeaseMs: 60_000, instanceId: 'a' });
    const r = await h.service.request(assignRequest(), people.diego, CONVERSATION);
    const stored = await h.store.get<ApprovalRequest>('approvals', r.id);
    const left = { ...r, state: 'executing' as const, approvedBy: people.priya, claim: { id: 'a-claim', leaseUntil: new Date(Date.now() + 60_000).toISOString(), instanceId: 'a', generation: 1 } };
    await h.store.put('approvals', r.id, left, { ifMatch: stored?.etag ?? '' });

    expect((await h.other({ instanceId: 'b' }).sweep({ ownAtOnce: true })).resumed).toBe(0);
    const restarted = h.other({ instanceId: 'a' });
    expect((await restarted.sweep({ ownAtOnce: true })).resumed).toBe(1);
    await restarted.idle();
    expect((await restarted.view(r.id))?.claim).toBeUndefined();
    expect(h.slow.executions).toHaveLength(1);
  });
});

describe('throttling', () => {
  test('the click answers at once; the change is sent again after the throttle clears, and runs once', async () => {
    const updates: ApprovalRequest[] = [];
    const h = slowHarness({ answerWithinMs: 50, notifier: { update: async (request) => void updates.push(request) } });
    h.slow.throttled = true;
    const r = await h.service.request(assignRequest(), people.diego, CONVERSATION);
    const started = Date.now();
    const decision = await h.service.approve(r.id, people.priya, CONVERSATION, { conversationId: CONVERSATION, activityId: 'card-1' });
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(decision.kind).toBe('running');
    expect(decision.request.state).toBe('executing');
    await new Promise((res) => setTimeout(res, 1_200));
    h.slow.throttled = false;
    await h.service.idle();
    expect(h.slow.made.size).toBe(1);
    expect((await h.service.view(r.id))?.state).toBe('succeeded');
    expect(updates.map((u) => u.state)).toEqual(['succeeded']);
    expect(updates[0]?.message).toEqual({ conversationId: CONVERSATION, activityId: 'card-1' });
  });

  test('past the run budget the throttled change goes back to open, and the card says so', async () => {
    const updates: ApprovalRequest[] = [];
    const h = slowHarness({ answerWithinMs: 20, runBudgetMs: 1_500, notifier: { update: async (request) => void updates.push(request) } });
    h.slow.throttled = true;
    const r = await h.service.request(assignRequest(), people.diego, CONVERSATION);
    await h.service.approve(r.id, people.priya, CONVERSATION, { conversationId: CONVERSATION, activityId: 'card-1' });
    await h.service.idle();
    const after = await h.service.view(r.id);
    expect(after?.state).toBe('requested');
    expect(after?.attempts.at(-1)?.status).toBe(429);
    expect(updates.map((u) => u.state)).toEqual(['requested']);
  });
});

describe('rights checked before claiming', () => {
  test('a click without the right is refused at once and a valid click right after runs the change', async () => {
    const allowed = new Set<string>([people.priya.objectId]);
    const h = slowHarness({ rights: { check: async (person) => ({ allowed: allowed.has(person.objectId), scope: 'rg-dev-sandbox' }) } });
    const r = await h.service.request(assignRequest(), people.diego, CONVERSATION);
    const [sam, priya] = await Promise.all([h.service.approve(r.id, people.sam, CONVERSATION), h.service.approve(r.id, people.priya, CONVERSATION)]);
    expect(sam.kind).toBe('refused');
    expect(sam.kind === 'refused' && sam.refusal.message).toMatch(/Sam Okafor does not hold Microsoft.Authorization\/policyAssignments\/write/);
    expect(priya.kind).toBe('ran');
    expect(priya.request.state).toBe('succeeded');
    expect(h.slow.executions).toHaveLength(1);
  });

  test('a suppression whose approver’s rights cannot be checked is refused (ShipShape alone decides there)', async () => {
    const h = slowHarness({ rights: { check: () => Promise.reject(new Error('no token')) } });
    const r = await h.service.request(
      assignRequest({
        title: 'Suppress CVE-2024-3094 on payments/api',
        change: { kind: 'suppress', suppressionId: 'sup-1', cveId: 'CVE-2024-3094', repository: 'payments/api', expiresAt: new Date(Date.now() + 86_400_000).toISOString() },
        scope: 'shipshape:/suppressions/*/payments/api/CVE-2024-3094',
        entitledScopes: ['/subscriptions/s/resourceGroups/g/providers/Microsoft.ContainerRegistry/registries/r'],
      }),
      people.diego,
      CONVERSATION,
    );
    const d = await h.service.approve(r.id, people.priya, CONVERSATION);
    expect(d.kind).toBe('refused');
    expect((await h.service.view(r.id))?.state).toBe('requested');
  });
});

describe('one request per change', () => {
  test('an identical request, even at the same moment on another instance, points to the open one', async () => {
    const h = slowHarness();
    const [a, b] = await Promise.all([h.service.request(assignRequest(), people.diego, CONVERSATION), h.other().request(assignRequest(), people.mei, CONVERSATION)]);
    expect(a.id).toBe(b.id);
    expect([a, b].filter((r) => r.askedAgainBy)).toHaveLength(1);
    const open = await h.service.open(CONVERSATION);
    expect(open).toHaveLength(1);
    expect(open[0]?.askedAgainBy).toBeUndefined();
    // Once it has run, asking again opens a new request.
    await h.service.approve(a.id, people.priya, CONVERSATION);
    const again = await h.service.request(assignRequest(), people.diego, CONVERSATION);
    expect(again.id).not.toBe(a.id);
    expect(again.askedAgainBy).toBeUndefined();
  });

  test('requests for the same change left open from before close as already in effect when one runs', async () => {
    const updates: ApprovalRequest[] = [];
    const h = slowHarness({ notifier: { update: async (r) => void updates.push(r) } });
    const first = await h.service.request(assignRequest(), people.diego, CONVERSATION);
    // A twin stored directly, as requests made before deduplication are.
    const twin: ApprovalRequest = { ...first, id: 'twin-request-0001', message: { conversationId: CONVERSATION, activityId: 'twin-card' } };
    await h.store.put('approvals', twin.id, twin, { ifMatch: 'absent' });
    await h.service.approve(first.id, people.priya, CONVERSATION);
    await h.service.idle();
    const closed = await h.service.view(twin.id);
    expect(closed?.state).toBe('succeeded');
    expect(closed?.outcome?.inEffectVia).toBe(first.id);
    expect(h.slow.made.size).toBe(1);
    expect(updates.map((u) => u.id)).toContain(twin.id);
  });
});
