import { afterEach, describe, expect, test, vi } from 'vitest';
import { isUserError } from '../../../src/domain/errors.js';
import type { ApprovalRequest, ApprovalService } from '../../../src/domain/approvals/index.js';
import { anotherAssignRequest, assignRequest, CONVERSATION, FakeDirectory, forbidden, harness, people } from './support/fakes.js';

/** A sweep and the runs it started in the background. */
async function swept(service: ApprovalService): Promise<{ resumed: number; expired: number }> {
  const counts = await service.sweep();
  await service.idle();
  return counts;
}

/** The approval state machine over a store with compare-and-swap writes, with Azure faked. */

afterEach(() => {
  vi.useRealTimers();
});

describe('requests', () => {
  test('are stored with the exact operation, a 24 h expiry by default and an audit entry', async () => {
    vi.useFakeTimers({ now: new Date('2026-03-05T10:00:00Z') });
    const h = harness();
    const r = await h.service.request(assignRequest(), people.diego, CONVERSATION);
    expect(r.state).toBe('requested');
    expect(r.expiresAt).toBe('2026-03-06T10:00:00.000Z');
    expect(r.operation?.method).toBe('PUT');
    expect(r.operation?.path).toBe(`${assignRequest().scope}/providers/Microsoft.Authorization/policyAssignments/shipshape-private-link-0123456789ab`);
    expect(r.requiredAction).toBe('Microsoft.Authorization/policyAssignments/write');
    expect(r.watchers).toEqual(['29:diego']);
    expect((await h.audit()).map((e) => [e.action, e.actorName])).toEqual([['approval.requested', 'Diego Alvarez']]);
    expect((await h.service.view(r.id))?.id).toBe(r.id);
  });
});

describe('who may approve', () => {
  test('not the requester: refused, recorded, nothing executed', async () => {
    const h = harness();
    const r = await h.service.request(assignRequest(), people.diego, CONVERSATION);
    const decision = await h.service.approve(r.id, people.diego, CONVERSATION);
    expect(decision.kind).toBe('refused');
    expect(decision.kind === 'refused' && decision.refusal.reason).toBe('self');
    expect(h.executor.executions).toHaveLength(0);
    expect((await h.service.view(r.id))?.state).toBe('requested');
    expect((await h.audit())[0]?.action).toBe('approval.refused');
  });

  test('with approver groups configured, only members (by their own token) may approve', async () => {
    const group = '5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a04';
    const h = harness({ approverGroups: [group], directory: new FakeDirectory({ [people.priya.objectId]: [group] }) });
    const r = await h.service.request(assignRequest(), people.diego, CONVERSATION);
    expect(r.approverGroups).toEqual([group]);
    expect((await h.service.approve(r.id, people.mei, CONVERSATION)).kind).toBe('refused');
    expect(h.executor.executions).toHaveLength(0);
    expect((await h.service.approve(r.id, people.priya, CONVERSATION)).request.state).toBe('succeeded');
  });

  test('a button from another conversation is a UserError and changes nothing', async () => {
    const h = harness();
    const r = await h.service.request(assignRequest(), people.diego, CONVERSATION);
    const error = await h.service.approve(r.id, people.priya, 'a:someone-else').catch((e: unknown) => e);
    expect(isUserError(error)).toBe(true);
    expect(h.executor.executions).toHaveLength(0);
  });

  test('channel thread ids with ;messageid= count as the same conversation', async () => {
    const h = harness();
    const r = await h.service.request(assignRequest(), people.diego, '19:abc@thread.tacv2;messageid=1');
    expect((await h.service.approve(r.id, people.priya, '19:abc@thread.tacv2;messageid=2')).request.state).toBe('succeeded');
  });
});

describe('execution', () => {
  test('fifty simultaneous approvals run the change once; everyone gets a consistent answer', async () => {
    const h = harness();
    const r = await h.service.request(assignRequest(), people.diego, CONVERSATION);
    const decisions = await Promise.all(Array.from({ length: 50 }, (_, i) => h.service.approve(r.id, i % 2 ? people.priya : people.mei, CONVERSATION)));
    expect(h.executor.executions).toHaveLength(1);
    expect(decisions.filter((d) => d.kind === 'ran')).toHaveLength(1);
    for (const d of decisions) expect(['ran', 'unchanged']).toContain(d.kind);
    expect((await h.service.view(r.id))?.state).toBe('succeeded');
  });

  test('two service instances on one store (two processes) still run it once', async () => {
    const h = harness();
    const other = h.make();
    const r = await h.service.request(assignRequest(), people.diego, CONVERSATION);
    await Promise.all([h.service.approve(r.id, people.priya, CONVERSATION), other.approve(r.id, people.priya, CONVERSATION), other.approve(r.id, people.mei, CONVERSATION)]);
    expect(h.executor.executions).toHaveLength(1);
  });

  test('a 403 reopens the request with who lacked what where; the next approver succeeds', async () => {
    const h = harness();
    h.executor.answers.set(people.sam.objectId, forbidden(people.sam));
    const r = await h.service.request(assignRequest(), people.diego, CONVERSATION);
    const denied = await h.service.approve(r.id, people.sam, CONVERSATION);
    expect(denied.request.state).toBe('requested');
    expect(denied.request.approvedBy).toBeUndefined();
    expect(denied.request.attempts).toMatchObject([{ by: { name: 'Sam Okafor' }, status: 403, action: 'Microsoft.Authorization/policyAssignments/write', scope: r.scope, correlationId: 'corr-403' }]);
    const done = await h.service.approve(r.id, people.priya, CONVERSATION);
    expect(done.request.state).toBe('succeeded');
    expect(done.request.outcome).toMatchObject({ ok: true, status: 201, correlationId: 'corr-2' });
    expect(done.request.attempts).toHaveLength(1);
    expect(h.executor.executions.map((e) => e.as.name)).toEqual(['Sam Okafor', 'Priya Raman']);
    const actions = (await h.audit()).map((e) => e.action).reverse();
    expect(actions).toEqual(['approval.requested', 'approval.approved', 'change.denied', 'approval.approved', 'change.succeeded']);
  });

  test('a refusal Azure gives for good (400) fails the request; later clicks change nothing', async () => {
    const h = harness();
    h.executor.answers.set(people.priya.objectId, { ok: false, retryable: false, status: 400, code: 'InvalidRequestContent', message: 'bad', correlationId: 'c' });
    const r = await h.service.request(assignRequest(), people.diego, CONVERSATION);
    expect((await h.service.approve(r.id, people.priya, CONVERSATION)).request.state).toBe('failed');
    expect((await h.service.approve(r.id, people.mei, CONVERSATION)).kind).toBe('unchanged');
    expect(h.executor.executions).toHaveLength(1);
  });

  test('replaying a settled approval shows its outcome and runs nothing', async () => {
    const h = harness();
    const r = await h.service.request(assignRequest(), people.diego, CONVERSATION);
    await h.service.approve(r.id, people.priya, CONVERSATION);
    const replay = await h.service.approve(r.id, people.priya, CONVERSATION);
    expect(replay.kind).toBe('unchanged');
    expect(replay.request.outcome?.status).toBe(201);
    expect(h.executor.executions).toHaveLength(1);
  });
});

describe('rejection and expiry', () => {
  test('an approver rejects; the requester withdraws; neither runs anything', async () => {
    const h = harness();
    const a = await h.service.request(assignRequest(), people.diego, CONVERSATION);
    const rejected = await h.service.reject(a.id, people.priya, CONVERSATION);
    expect(rejected.request).toMatchObject({ state: 'rejected', rejectedBy: { name: 'Priya Raman' } });
    expect((await h.service.approve(a.id, people.mei, CONVERSATION)).kind).toBe('unchanged');
    const b = await h.service.request(assignRequest(), people.diego, CONVERSATION);
    expect((await h.service.reject(b.id, people.diego, CONVERSATION)).request.rejectedBy?.name).toBe('Diego Alvarez');
    expect(h.executor.executions).toHaveLength(0);
  });

  test('after 24 hours a click finds it expired and runs nothing; the sweep expires the rest', async () => {
    vi.useFakeTimers({ now: new Date('2026-03-05T10:00:00Z') });
    const h = harness();
    const late = await h.service.request(assignRequest(), people.diego, CONVERSATION);
    const unclicked = await h.service.request(anotherAssignRequest(), people.diego, CONVERSATION);
    vi.setSystemTime(new Date('2026-03-06T09:59:59Z'));
    expect((await h.service.view(late.id))?.state).toBe('requested');
    vi.setSystemTime(new Date('2026-03-06T10:00:00Z'));
    const decision = await h.service.approve(late.id, people.priya, CONVERSATION);
    expect(decision.kind).toBe('expired');
    expect(decision.request.state).toBe('expired');
    expect(h.executor.executions).toHaveLength(0);
    expect(await swept(h.service)).toEqual({ resumed: 0, expired: 1 });
    expect((await h.service.view(unclicked.id))?.state).toBe('expired');
    expect((await h.audit()).filter((e) => e.action === 'approval.expired')).toHaveLength(2);
  });

  test('the expiry is configurable', async () => {
    vi.useFakeTimers({ now: new Date('2026-03-05T10:00:00Z') });
    const h = harness({ expiryHours: 2 });
    const r = await h.service.request(assignRequest(), people.diego, CONVERSATION);
    expect(r.expiresAt).toBe('2026-03-05T12:00:00.000Z');
  });
});

describe('recovery after a crash', () => {
  async function crashedAfterClaim(): Promise<{ h: ReturnType<typeof harness>; r: ApprovalRequest }> {
    const h = harness({ claimLeaseMs: 1_000, afterClaim: () => Promise.reject(new Error('process killed')) });
    const r = await h.service.request(assignRequest(), people.diego, CONVERSATION);
    await expect(h.service.approve(r.id, people.priya, CONVERSATION)).rejects.toThrow('process killed');
    return { h, r };
  }

  test('a claim is left as approved, without execution; a restart past the lease runs it once, as the approver', async () => {
    vi.useFakeTimers({ now: new Date('2026-03-05T10:00:00Z'), toFake: ['Date'] });
    const { h, r } = await crashedAfterClaim();
    expect((await h.service.view(r.id))?.state).toBe('approved');
    expect(h.executor.executions).toHaveLength(0);

    const restarted = h.make({ claimLeaseMs: 1_000 });
    expect(await swept(restarted)).toEqual({ resumed: 0, expired: 0 });
    vi.setSystemTime(new Date('2026-03-05T10:00:02Z'));
    expect(await swept(restarted)).toEqual({ resumed: 1, expired: 0 });
    expect(h.executor.executions).toMatchObject([{ as: { name: 'Priya Raman' } }]);
    expect((await restarted.view(r.id))?.state).toBe('succeeded');
    expect(await swept(restarted)).toEqual({ resumed: 0, expired: 0 });
    expect(h.executor.executions).toHaveLength(1);
    expect((await h.audit()).map((e) => e.action)).toContain('change.resumed');
  });

  test('interrupted while executing, with the change already in Azure: it is verified, not sent again', async () => {
    vi.useFakeTimers({ now: new Date('2026-03-05T10:00:00Z'), toFake: ['Date'] });
    const h = harness({ claimLeaseMs: 1_000 });
    const r = await h.service.request(assignRequest(), people.diego, CONVERSATION);
    // What a process leaves behind when it dies after Azure answered but before the outcome was stored.
    const stored = await h.store.get<ApprovalRequest>('approvals', r.id);
    const executing: ApprovalRequest = { ...r, state: 'executing', approvedBy: people.priya, approvedAt: r.requestedAt, claim: { id: 'c1', leaseUntil: '2026-03-05T10:00:01.000Z' } };
    await h.store.put('approvals', r.id, executing, { ifMatch: stored?.etag ?? '' });
    h.executor.made.add(r.operation?.path ?? '');

    vi.setSystemTime(new Date('2026-03-05T10:00:05Z'));
    expect(await swept(h.make())).toEqual({ resumed: 1, expired: 0 });
    const done = await h.service.view(r.id);
    expect(done?.state).toBe('succeeded');
    expect(done?.outcome?.verifiedAfterRestart).toBe(true);
    expect(h.executor.verifies).toBe(1);
    expect(h.executor.executions).toHaveLength(0);
  });

  test('interrupted while executing, with nothing in Azure: it is sent once', async () => {
    vi.useFakeTimers({ now: new Date('2026-03-05T10:00:00Z'), toFake: ['Date'] });
    const h = harness();
    const r = await h.service.request(assignRequest(), people.diego, CONVERSATION);
    const stored = await h.store.get<ApprovalRequest>('approvals', r.id);
    await h.store.put('approvals', r.id, { ...r, state: 'executing', approvedBy: people.priya, claim: { id: 'c1', leaseUntil: '2026-03-05T10:00:01.000Z' } }, { ifMatch: stored?.etag ?? '' });
    vi.setSystemTime(new Date('2026-03-05T10:00:05Z'));
    await swept(h.service);
    expect(h.executor.executions).toHaveLength(1);
    expect((await h.service.view(r.id))?.outcome?.verifiedAfterRestart).toBeUndefined();
  });

  test('two instances sweeping at once resume a claim once', async () => {
    vi.useFakeTimers({ now: new Date('2026-03-05T10:00:00Z'), toFake: ['Date'] });
    const { h } = await crashedAfterClaim();
    vi.setSystemTime(new Date('2026-03-05T10:00:05Z'));
    const counts = await Promise.all([swept(h.make()), swept(h.make()), swept(h.make())]);
    expect(counts.reduce((n, c) => n + c.resumed, 0)).toBe(1);
    expect(h.executor.executions).toHaveLength(1);
  });
});
