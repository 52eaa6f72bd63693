import { shortId } from '../portal.js';
import { exampleRoleOf, SUPPRESS_ACTION } from './rules.js';
import { scopeParts } from './scope.js';
import type { ApprovalRequest, ChangeSpec, DeniedAttempt } from './types.js';

/** Approval requests in words, for cards, digests and the audit log. */

/** `2026-03-05 14:02 UTC`: one time zone for everyone in a channel. */
export function utc(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

function lastSegment(id: string): string {
  return scopeParts(id).name ?? id.split('/').filter(Boolean).pop() ?? id;
}

/** The body of the change as facts a person can check at a glance (the exact JSON is on the card too). */
export function changeFacts(change: ChangeSpec): { title: string; value: string }[] {
  switch (change.kind) {
    case 'assign-policy': {
      const parameters = Object.entries(change.parameters).map(([k, v]) => `${k} = ${Array.isArray(v) ? v.join(', ') : String(v)}`);
      return [
        { title: 'Policy', value: change.displayName },
        { title: 'Assignment', value: change.assignmentName },
        { title: 'Parameters', value: parameters.length > 0 ? parameters.join('; ') : 'defaults of the definition' },
        { title: 'Enforcement', value: 'Default (enforced)' },
        ...(change.identityLocation ? [{ title: 'Identity', value: `system-assigned, in ${change.identityLocation}` }] : []),
      ];
    }
    case 'unassign-policy':
      return [{ title: 'Removes', value: lastSegment(change.assignmentId) }];
    case 'registry-update':
      return Object.entries(change.settings).map(([k, v]) => ({ title: k, value: String(v) }));
    case 'remediate':
      return [
        { title: 'Assignment', value: lastSegment(change.assignmentId) },
        { title: 'Remediates', value: 'existing non-compliant resources' },
      ];
    case 'exempt':
      return [
        { title: 'From assignment', value: lastSegment(change.assignmentId) },
        { title: 'Category', value: 'Waiver' },
        { title: 'Expires on', value: utc(change.expiresOn) },
      ];
    case 'suppress':
      return [
        { title: 'CVE', value: change.cveId },
        { title: 'Repository', value: change.repository },
        { title: 'Registry', value: change.registry ?? 'every registry' },
        { title: 'Until', value: utc(change.expiresAt) },
      ];
  }
}

export function whoMayApprove(request: ApprovalRequest): string {
  const groups = request.approverGroups.length > 0 ? ` who is in the Entra group ${request.approverGroups.map(shortId).join(' or ')}` : '';
  const base = `Anyone but ${request.requestedBy.name}${groups}`;
  if (request.change.kind === 'suppress') {
    const registries = (request.entitledScopes ?? []).map(lastSegment);
    const where = registries.length > 0 ? `on ${registries.length === 1 ? 'registry' : 'registries'} ${registries.join(', ')}` : 'on the registries holding it';
    return `${base} who holds ${SUPPRESS_ACTION} ${where} (for example Security Admin), the right Defender for Cloud itself asks to disable findings there. ShipShape records the suppression; nothing runs in Azure.`;
  }
  if (!request.requiredAction) return `${base}. Nothing runs in Azure.`;
  const role = exampleRoleOf(request.change.kind);
  return `${base} who holds ${request.requiredAction} on ${request.scopeLabel}${role ? ` (for example ${role})` : ''}. The change runs with the approver's own Azure access.`;
}

export function attemptText(attempt: DeniedAttempt, open = true): string {
  const when = utc(attempt.at);
  const still = (text: string): string => (open ? ` ${text}` : '');
  const ref = attempt.correlationId ? ` (correlation id ${attempt.correlationId})` : '';
  if (attempt.status === 403 && attempt.action) {
    return `${attempt.by.name} approved at ${when}, but Azure refused: ${attempt.by.name} lacks ${attempt.action} on ${attempt.scope ?? 'the scope'}${ref}.${still('Still open for someone who has it.')}`;
  }
  // Typically a change resumed outside the click, when no sign-in of the approver's is at hand: it never runs as anyone else.
  if (attempt.status === 401) return `${attempt.by.name} approved at ${when}, but ShipShape could not sign in to Azure as ${attempt.by.name}, so nothing was sent.${still(`Still open: ${attempt.by.name}, press Approve again to resume it.`)}`;
  if (attempt.status === 409) {
    return `${attempt.by.name} approved at ${when}, but Azure was busy with another change to the same resource (${attempt.code})${ref}, so nothing was changed.${still('Still open: approve again once that change has finished, usually within a few minutes.')}`;
  }
  return `${attempt.by.name} approved at ${when}, but Azure answered ${attempt.status} ${attempt.code}${ref}.${still('Still open: try again later.')}`;
}

/** One line saying where the request stands. */
export function stateText(request: ApprovalRequest): string {
  switch (request.state) {
    case 'requested':
      return `Waiting for approval until ${utc(request.expiresAt)}`;
    case 'approved':
    case 'executing':
      return `Approved by ${request.approvedBy?.name ?? 'someone'}; running now`;
    case 'succeeded':
      if (request.outcome?.inEffectVia) return 'Already in effect: the same change was made through another request';
      return `Done: approved by ${request.approvedBy?.name ?? 'someone'} at ${utc(request.approvedAt ?? request.outcome?.at ?? request.requestedAt)}`;
    case 'failed':
      return `Failed: approved by ${request.approvedBy?.name ?? 'someone'}, Azure refused the change`;
    case 'rejected':
      return request.rejectedBy?.objectId === request.requestedBy.objectId
        ? `Withdrawn by ${request.requestedBy.name}`
        : `Rejected by ${request.rejectedBy?.name ?? 'someone'} at ${utc(request.rejectedAt ?? request.requestedAt)}`;
    case 'expired':
      return `Expired at ${utc(request.expiresAt)} without a decision`;
  }
}
