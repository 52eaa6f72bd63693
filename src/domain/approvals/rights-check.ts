import type { ApproverRights } from './ports.js';
import { entitlementOf, lacksText, type Refusal } from './rules.js';
import type { ApprovalRequest, Person } from './types.js';

/**
 * Refuses at once an approver whose effective rights on the scope lack what the change needs, before
 * any claim: such a click then never holds up one by someone who has the right.
 */
export async function rightsRefusal(rights: ApproverRights | undefined, request: ApprovalRequest, approver: Person): Promise<Refusal | undefined> {
  const needed = entitlementOf(request);
  if (!rights || !needed) return undefined;
  if (needed.scopes.length === 0) return { reason: 'no-right', message: lacksText(request, approver, needed, undefined) };
  const verdict = await rights.check(approver, needed.scopes, needed.action).catch(() => ({ allowed: undefined, scope: undefined }));
  if (verdict.allowed === false) return { reason: 'no-right', message: lacksText(request, approver, needed, verdict.scope) };
  // Azure judges an Azure change again when it runs; nothing else would judge a suppression.
  if (verdict.allowed === undefined && needed.decidedHere) {
    return { reason: 'rights-unknown', message: `ShipShape could not check that ${approver.name} holds ${needed.action} where this applies, so cannot accept this approval. Try again in a minute.` };
  }
  return undefined;
}
