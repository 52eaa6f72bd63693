import { randomBytes } from 'node:crypto';
import type { AuditAction, AuditLog } from '../audit/index.js';
import { UserError } from '../errors.js';
import type { SuppressionStore } from '../suppressions/index.js';
import type { ExecutionDeps } from './execution.js';
import type { ApprovalNotifier, ApproverDirectory, ApproverRights, ChangeExecutor, ScopeEnvironments, VersionedDocuments } from './ports.js';
import { BackgroundRuns } from './background-runs.js';
import { OperationIndex } from './one-per-change.js';
import { rightsRefusal } from './rights-check.js';
import { ApprovalRecords, type StoredApproval } from './records.js';
import { claimed, expired, isExpired, refusalFor, rejected, requiredActionOf, sameConversation, watched, type Refusal } from './rules.js';
import { isFinal, type ApprovalRequest, type CardMessage, type Claim, type NewApproval, type Person } from './types.js';

export interface ApprovalServiceOptions {
  documents: VersionedDocuments;
  /** Recognises the store's "changed by someone else" error. */
  isConflict(error: unknown): boolean;
  executor: ChangeExecutor;
  directory: ApproverDirectory;
  audit: AuditLog;
  suppressions: SuppressionStore;
  /** Entra group ids an approver must belong to (one of); empty or absent: anyone but the requester. */
  approverGroups?: readonly string[];
  /** Default 24. */
  expiryHours?: number;
  /** How long a claim stays its instance's without a renewal (renewed every third of it while running); default 1 min. */
  claimLeaseMs?: number;
  /** Names this process in claims: a restart with the same id resumes its own claims at once. */
  instanceId?: string;
  /** How long a click waits for its change before answering "running" and finishing in the background; default 2.5 s. */
  answerWithinMs?: number;
  /** The longest a change may take, throttling waits included; default 10 min. */
  runBudgetMs?: number;
  /** The approver's effective rights, checked before a claim (absent: Azure alone judges, when the change runs). */
  rights?: ApproverRights;
  /** Where a change's scope lies (prod, dev…), recorded on the request for digests. */
  environments?: ScopeEnvironments;
  /** Updates the card for everyone when a change ends outside the click that started it. */
  notifier?: ApprovalNotifier;
  /** A background run or card update that failed (logged by the caller). */
  onBackgroundError?: (error: unknown) => void;
  now?: () => Date;
  newId?: () => string;
  /** Runs between a stored claim and its execution (a crash there is what resume is for). */
  afterClaim?: (request: ApprovalRequest) => Promise<void> | void;
}

/** What a click did; `request` is the state to show. */
export type Decision =
  | { kind: 'ran'; request: ApprovalRequest }
  /** Claimed and running; the outcome updates the card when it comes. */
  | { kind: 'running'; request: ApprovalRequest }
  | { kind: 'rejected'; request: ApprovalRequest }
  | { kind: 'expired'; request: ApprovalRequest }
  | { kind: 'refused'; request: ApprovalRequest; refusal: Refusal }
  /** Nothing changed: already settled, or someone else's approval is running. */
  | { kind: 'unchanged'; request: ApprovalRequest };

const CLAIM_TRIES = 5;

export class ApprovalService {
  private readonly records: ApprovalRecords;
  private readonly now: () => Date;
  private readonly newId: () => string;
  private readonly leaseMs: number;
  private readonly expiryMs: number;
  private readonly groups: string[];
  private readonly instanceId: string;
  private readonly operations: OperationIndex;
  private readonly runs: BackgroundRuns;

  constructor(private readonly options: ApprovalServiceOptions) {
    this.records = new ApprovalRecords(options.documents, options.isConflict);
    this.operations = new OperationIndex(options.documents, options.isConflict);
    this.runs = new BackgroundRuns(() => this.execution, options.notifier, (error) => options.onBackgroundError?.(error));
    this.now = options.now ?? (() => new Date());
    this.newId = options.newId ?? (() => randomBytes(16).toString('base64url'));
    this.leaseMs = options.claimLeaseMs ?? 60_000;
    this.instanceId = options.instanceId ?? `instance-${randomBytes(4).toString('hex')}`;
    this.expiryMs = (options.expiryHours ?? 24) * 3_600_000;
    this.groups = [...(options.approverGroups ?? [])];
  }

  get approverGroups(): readonly string[] {
    return this.groups;
  }

  private get execution(): ExecutionDeps {
    const { executor, suppressions, audit } = this.options;
    return { records: this.records, executor, suppressions, audit, now: this.now, leaseMs: this.leaseMs, budgetMs: this.options.runBudgetMs ?? 600_000 };
  }

  private async audit(action: AuditAction, request: ApprovalRequest, actor: Person, summary: string, detail: Record<string, string | number> = {}): Promise<void> {
    await this.options.audit.append({
      at: this.now().toISOString(),
      action,
      actor: actor.objectId,
      actorName: actor.name,
      target: request.operation?.path ?? request.scope,
      targetLabel: request.scopeLabel,
      approvalId: request.id,
      summary,
      detail,
    });
  }

  /** Opens a request; the exact Azure operation is fixed now and shown to approvers as is. */
  async request(input: NewApproval, requester: Person, conversationId: string): Promise<ApprovalRequest> {
    const now = this.now();
    const { change } = input;
    const requiredAction = requiredActionOf(change.kind);
    const armScopes = input.entitledScopes ?? (input.scope.toLowerCase().startsWith('/subscriptions/') ? [input.scope] : []);
    // Unknown when it cannot be read: such a request is listed only in digests for every environment.
    const environments = armScopes.length > 0 ? await this.options.environments?.of(armScopes, requester).catch(() => undefined) : undefined;
    const request: ApprovalRequest = {
      id: this.newId(),
      state: 'requested',
      ...input,
      ...(change.kind === 'suppress' ? {} : { operation: this.options.executor.plan(change) }),
      ...(requiredAction ? { requiredAction } : {}),
      ...(environments ? { environments } : {}),
      requestedBy: requester,
      conversationId,
      requestedAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + this.expiryMs).toISOString(),
      approverGroups: [...this.groups],
      attempts: [],
      watchers: requester.channelUserId ? [requester.channelUserId] : [],
    };
    // An identical change already waiting: point to it rather than open a second request.
    const open = await this.operations.reserve(request, (id) => this.view(id));
    const existing = open ? await this.view(open) : undefined;
    if (existing) return { ...existing, askedAgainBy: requester };
    await this.records.create(request);
    await this.audit('approval.requested', request, requester, `${requester.name} asked: ${request.title}`, request.reason ? { reason: request.reason } : {});
    return request;
  }

  /** The request as it stands; a request past its expiry is marked expired on the way. */
  async view(id: string): Promise<ApprovalRequest | undefined> {
    const stored = await this.records.load(id);
    if (!stored) return undefined;
    return isExpired(stored.request, this.now()) ? (await this.expire(stored)).request : stored.request;
  }

  private async expire(stored: StoredApproval): Promise<{ request: ApprovalRequest; changed: boolean }> {
    const saved = await this.records.replace(expired(stored.request), stored.etag);
    if (!saved) return { request: (await this.records.load(stored.request.id))?.request ?? stored.request, changed: false };
    await this.audit('approval.expired', saved.request, saved.request.requestedBy, `Expired unapproved: ${saved.request.title}`);
    return { request: saved.request, changed: true };
  }

  private async loadFor(id: string, conversationId: string): Promise<StoredApproval> {
    const stored = await this.records.load(id);
    // A button from another conversation, or for a request that no longer exists, does nothing.
    if (!stored || !sameConversation(stored.request.conversationId, conversationId)) {
      throw new UserError('That approval is not one ShipShape knows in this conversation.', {
        hint: 'Approve from the card in the chat where the change was asked for.',
        reason: 'stale-action',
      });
    }
    return stored;
  }

  /**
   * Approves and runs the change as `approver`. Every check uses the stored request; of any number of
   * simultaneous clicks, on any number of instances, only the one whose claim is stored first runs it.
   * A click without the right is refused before it claims anything, so it never holds up a valid one.
   * The answer comes within `answerWithinMs`: the outcome, or `running` with the card updated later.
   */
  async approve(id: string, approver: Person, conversationId: string, message?: CardMessage): Promise<Decision> {
    for (let attempt = 0; attempt < CLAIM_TRIES; attempt++) {
      const stored = await this.loadFor(id, conversationId);
      const { request } = stored;
      if (request.state !== 'requested') return { kind: 'unchanged', request };
      if (isExpired(request, this.now())) return { kind: 'expired', request: (await this.expire(stored)).request };
      const groups = request.approverGroups.length > 0 ? await this.options.directory.groupsOf(approver) : [];
      const refusal = refusalFor(request, approver, groups) ?? (await rightsRefusal(this.options.rights, request, approver));
      if (refusal) {
        await this.audit('approval.refused', request, approver, refusal.message, { reason: refusal.reason });
        return { kind: 'refused', request, refusal };
      }
      const claim = await this.records.replace(
        { ...claimed(request, approver, this.now(), this.newClaim(1)(this.now(), this.leaseMs)), ...(message && !request.message ? { message } : {}) },
        stored.etag,
      );
      // Someone else changed it first: read again and decide on what is there now.
      if (!claim) continue;
      await this.audit('approval.approved', claim.request, approver, `${approver.name} approved: ${request.title}`);
      await this.options.afterClaim?.(claim.request);
      const run = this.runs.start(claim, false, false);
      const answerWithin = this.options.answerWithinMs ?? 2_500;
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<'late'>((resolve) => {
        timer = setTimeout(() => resolve('late'), answerWithin);
      });
      const first = await Promise.race([run, late]);
      clearTimeout(timer);
      if (first !== 'late') {
        // Clicked elsewhere (the pending list, a second card): the card itself shows the outcome too.
        if (first && first.message && first.message.activityId !== message?.activityId) this.runs.announceLater(run);
        return { kind: 'ran', request: first ?? (await this.records.load(id))?.request ?? claim.request };
      }
      this.runs.announceLater(run);
      return { kind: 'running', request: (await this.records.load(id))?.request ?? claim.request };
    }
    return { kind: 'unchanged', request: (await this.loadFor(id, conversationId)).request };
  }

  private newClaim(generation: number): (now: Date, leaseMs: number) => Claim {
    return (now, leaseMs) => ({ id: this.newId(), leaseUntil: new Date(now.getTime() + leaseMs).toISOString(), instanceId: this.instanceId, generation });
  }

  /** Waits for the runs this instance started (at shutdown, and in tests). */
  idle(): Promise<void> {
    return this.runs.idle();
  }

  /** Rejects (or, for the requester, withdraws) an open request. */
  async reject(id: string, person: Person, conversationId: string): Promise<Decision> {
    for (let attempt = 0; attempt < CLAIM_TRIES; attempt++) {
      const stored = await this.loadFor(id, conversationId);
      const { request } = stored;
      if (request.state !== 'requested') return { kind: 'unchanged', request };
      if (isExpired(request, this.now())) return { kind: 'expired', request: (await this.expire(stored)).request };
      const own = person.objectId.toLowerCase() === request.requestedBy.objectId.toLowerCase();
      if (!own && request.approverGroups.length > 0) {
        const refusal = refusalFor(request, person, await this.options.directory.groupsOf(person));
        if (refusal) return { kind: 'refused', request, refusal: { ...refusal, message: refusal.message.replace('cannot approve', 'cannot reject') } };
      }
      const saved = await this.records.replace(rejected(request, person, this.now()), stored.etag);
      if (!saved) continue;
      await this.audit('approval.rejected', saved.request, person, `${person.name} ${own ? 'withdrew' : 'rejected'}: ${request.title}`);
      return { kind: 'rejected', request: saved.request };
    }
    return { kind: 'unchanged', request: (await this.loadFor(id, conversationId)).request };
  }

  /** Notes the message that shows a request's card, so that outcomes reached outside a click update it. */
  async remember(id: string, message: CardMessage): Promise<void> {
    const stored = await this.records.load(id);
    if (!stored || stored.request.message || isFinal(stored.request.state) || !sameConversation(stored.request.conversationId, message.conversationId)) return;
    await this.records.replace({ ...stored.request, message }, stored.etag);
  }

  /** Adds someone who looked at the card to its automatic-refresh list. */
  async watch(id: string, person: Person): Promise<void> {
    const stored = await this.records.load(id);
    if (!stored || isFinal(stored.request.state)) return;
    const watchers = watched(stored.request, person);
    if (watchers !== stored.request.watchers) await this.records.replace({ ...stored.request, watchers }, stored.etag);
  }

  /** Open requests asked in this conversation (in every one when undefined), newest first. */
  async open(conversationId?: string): Promise<ApprovalRequest[]> {
    const found: ApprovalRequest[] = [];
    for await (const { request } of this.records.all()) {
      const here = conversationId === undefined || sameConversation(request.conversationId, conversationId);
      if (request.state === 'requested' && !isExpired(request, this.now()) && here) found.push(request);
    }
    return found.sort((a, b) => b.requestedAt.localeCompare(a.requestedAt));
  }

  /**
   * Takes over claims whose instance stopped before finishing them (their lease ran out without a
   * renewal; at start, this instance's own claims at once) and marks requests past their expiry.
   * Safe on every instance at once: each takeover is a compare-and-swap with a new claim id, and the
   * change is looked for in Azure before anything is sent again. Runs continue in the background.
   */
  async sweep(options: { ownAtOnce?: boolean } = {}): Promise<{ resumed: number; expired: number }> {
    const counts = { resumed: 0, expired: 0 };
    for await (const stored of this.records.all()) {
      const { request } = stored;
      const now = this.now();
      if (isExpired(request, now)) {
        if ((await this.expire(stored)).changed) counts.expired++;
        continue;
      }
      if ((request.state !== 'approved' && request.state !== 'executing') || this.runs.has(request.id)) continue;
      const own = options.ownAtOnce === true && request.claim?.instanceId === this.instanceId;
      if (!own && request.claim && Date.parse(request.claim.leaseUntil) > now.getTime()) continue;
      const claim = this.newClaim((request.claim?.generation ?? 1) + 1)(now, this.leaseMs);
      const taken = await this.records.replace({ ...request, claim }, stored.etag);
      if (!taken) continue;
      const approver = request.approvedBy as Person;
      await this.audit('change.resumed', request, approver, `Resumed after an interruption: ${request.title}`, { generation: claim.generation ?? 2 });
      void this.runs.start(taken, true, true);
      counts.resumed++;
    }
    return counts;
  }
}
