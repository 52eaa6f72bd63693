import { approval, approvalReply, choiceReply } from '../../../../src/commands/approval.js';
import type { ParsedText } from '../../../../src/domain/language/index.js';
import { commands, createCommandRouter } from '../../../../src/commands/index.js';
import type { CommandContext, ConversationInfo, Reply } from '../../../../src/commands/types.js';
import type { ActServices, ApprovalRequest, ChangeTargets, Draft, DraftStore } from '../../../../src/domain/approvals/index.js';
import { createAuditLog, type AuditEntry } from '../../../../src/domain/audit/index.js';
import { context, FIXED_NOW } from '../../commands/support/context.js';
import { anotherAssignRequest, assignRequest, CONVERSATION, forbidden, harness, memoryStore, people, SCOPE } from './fakes.js';

/** Card verbs the approval cards carry (the card tests reject any verb they do not know). */
export const APPROVAL_VERBS: readonly string[] = ['approval.approve', 'approval.reject', 'approval.refresh', 'assign-policy.choose'];

const SUBSCRIPTIONS = [{ id: '1d6e3a2b-7c4f-4e5d-9a8b-000000000003', name: 'Contoso Dev', tags: { env: 'dev' } }];

/** Only what the card scenarios read; anything else is a mistake in the scenario. */
const targets: ChangeTargets = {
  subscriptions: async () => SUBSCRIPTIONS,
  resourceGroups: () => Promise.reject(new Error('not in this scenario')),
  registries: () => Promise.reject(new Error('not in this scenario')),
  assignments: () => Promise.reject(new Error('not in this scenario')),
  definition: () => Promise.reject(new Error('not in this scenario')),
  blastRadius: () => Promise.reject(new Error('not in this scenario')),
};

const drafts: DraftStore = {
  save: async (_draft: Draft) => 'draft-0123456789abcdef',
  load: async () => undefined,
};

function ctx(type: ConversationInfo['type'], act: Partial<ActServices> = {}): CommandContext {
  const base = context({ type });
  const h = harness();
  return { ...base, conversation: { ...base.conversation, id: CONVERSATION }, services: { ...base.services, act: { approvals: h.service, targets, audit: createAuditLog(memoryStore()), drafts, ...act } } };
}

/** A request taken through the service with a fixed clock and ids, so golden files are stable. */
async function request(steps: 'requested' | 'denied' | 'succeeded' | 'expired' | 'suppress'): Promise<ApprovalRequest> {
  let n = 0;
  let now = new Date(FIXED_NOW);
  const h = harness({ now: () => now, newId: () => `approval-${String(++n).padStart(4, '0')}` });
  h.executor.answers.set(people.sam.objectId, forbidden(people.sam));
  const input =
    steps === 'suppress'
      ? assignRequest({
          title: 'Suppress CVE-2024-3094 on payments/api until 2025-07-15',
          change: { kind: 'suppress', suppressionId: 'sup-0123456789ab', cveId: 'CVE-2024-3094', repository: 'payments/api', expiresAt: '2025-07-15T10:00:00.000Z' },
          scope: 'shipshape:/suppressions/*/payments/api/CVE-2024-3094',
          scopeLabel: 'payments/api',
          warnings: ['Defender keeps reporting it; ShipShape answers leave it out for everyone and say how many findings they hid.'],
          blastRadius: { summary: 'CVE-2024-3094 in every image of payments/api in every registry, for everyone who asks ShipShape.', items: [], more: 0 },
        })
      : assignRequest({ warnings: ['This definition can only audit (Audit, Disabled): Azure reports what does not comply but blocks and fixes nothing.'] });
  const r = await h.service.request(input, people.diego, CONVERSATION);
  if (steps === 'requested' || steps === 'suppress') return r;
  if (steps === 'expired') {
    now = new Date(FIXED_NOW.getTime() + 25 * 3_600_000);
    return (await h.service.view(r.id)) as ApprovalRequest;
  }
  now = new Date(FIXED_NOW.getTime() + 600_000);
  const denied = (await h.service.approve(r.id, people.sam, CONVERSATION)).request;
  if (steps === 'denied') return denied;
  now = new Date(FIXED_NOW.getTime() + 900_000);
  return (await h.service.approve(r.id, people.priya, CONVERSATION)).request;
}

function entry(i: number): AuditEntry {
  const at = new Date(FIXED_NOW.getTime() - i * 3_600_000).toISOString();
  const actions = ['change.succeeded', 'approval.approved', 'change.denied', 'approval.refused', 'approval.requested'] as const;
  const action = actions[i % actions.length] ?? 'approval.requested';
  return {
    at,
    action,
    actor: people.priya.objectId,
    actorName: action === 'approval.requested' ? 'Diego Alvarez' : 'Priya Raman',
    target: `${SCOPE}/providers/Microsoft.Authorization/policyAssignments/shipshape-private-link-0123456789ab`,
    targetLabel: 'rg-dev-sandbox (Contoso Dev)',
    approvalId: `approval-${Math.floor(i / 5)}`,
    summary: `Assign “Container registries should use private link” to rg-dev-sandbox (${i})`,
    detail: action === 'change.succeeded' ? { status: 201, correlationId: '0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0' } : action === 'change.denied' ? { status: 403, code: 'AuthorizationFailed', action: 'Microsoft.Authorization/policyAssignments/write' } : {},
  };
}

async function auditLog(): Promise<Reply> {
  const store = memoryStore();
  const audit = createAuditLog(store);
  for (let i = 13; i >= 0; i--) await audit.append(entry(i));
  return createCommandRouter(commands).handleText('audit log for rg-dev-sandbox this week', ctx('groupChat', { audit }));
}

/** One reply per approval card state, from the real card builders over the real service. */
/** "pending approvals" with three open requests in the conversation, each with its own buttons. */
async function pendingList(): Promise<Reply> {
  let n = 0;
  const h = harness({ now: () => new Date(FIXED_NOW), newId: () => `approval-${String(++n).padStart(4, '0')}` });
  await h.service.request(assignRequest(), people.diego, CONVERSATION);
  await h.service.request(anotherAssignRequest(), people.mei, CONVERSATION);
  await h.service.request(anotherAssignRequest('shipshape-third-0123456789ab'), people.sam, CONVERSATION);
  return approval.run(ctx('groupChat', { approvals: h.service }), {} as ParsedText);
}

export const APPROVAL_SCENARIOS: Readonly<Record<string, () => Promise<Reply>>> = {
  'approval-requested': async () => approvalReply(await request('requested'), ctx('groupChat')),
  'approval-denied': async () => approvalReply(await request('denied'), ctx('groupChat'), { text: 'Azure did not make the change; the request is still open.', color: 'Attention' }),
  'approval-succeeded': async () => approvalReply(await request('succeeded'), ctx('channel')),
  'approval-expired': async () => approvalReply(await request('expired'), ctx('groupChat'), { text: 'Too late: this request expired, so nothing was changed. Ask again if it is still needed.', color: 'Warning' }),
  'approval-suppress-personal': async () => approvalReply(await request('suppress'), ctx('personal'), { text: 'Diego Alvarez, you asked for this change, so someone else has to approve it.', color: 'Attention' }),
  'approval-choice': () =>
    choiceReply(ctx('groupChat'), 'assign-policy', 'assign the ACR private-link policy to rg-shared-tools', 'There is a resource group “rg-shared-tools” in 2 subscriptions you can read. Which one?', [
      { label: 'rg-shared-tools in Contoso Dev', value: '/subscriptions/1d6e3a2b-7c4f-4e5d-9a8b-000000000003/resourceGroups/rg-shared-tools' },
      { label: 'rg-shared-tools in Contoso Staging', value: '/subscriptions/1d6e3a2b-7c4f-4e5d-9a8b-000000000002/resourceGroups/rg-shared-tools' },
    ]),
  'approval-list': pendingList,
  'audit-log-paged': auditLog,
};
