import { assignmentsNamed, parentScopeOf, remediationName, resolveScope, resourceTypeOf, scopeLabelOf, type AssignmentRef } from '../domain/approvals/index.js';
import { UserError } from '../domain/errors.js';
import { parse, type ParsedText } from '../domain/language/index.js';
import { findPolicy } from '../domain/policy-catalog.js';
import { actOf, approvalReply, choiceOf, choiceReply, personOf } from './approval.js';
import { defineCommand } from './define-command.js';
import { hasWord } from './match.js';
import type { CardReply, CommandContext } from './types.js';

/**
 * "create a remediation task for assignment Y": Azure Policy fixes the resources that assignment finds
 * non-compliant (Modify and DeployIfNotExists definitions only), as approved by someone else.
 */

const NAME = 'remediate';

async function remediate(ctx: CommandContext, parsed: ParsedText, chosen?: string): Promise<CardReply> {
  const act = actOf(ctx);
  const requester = personOf(ctx);
  const all = await act.targets.assignments(ctx.user);
  const policy = parsed.entities.policy?.policy;
  let found: AssignmentRef[] = chosen ? all.filter((a) => a.id.toLowerCase() === chosen.toLowerCase()) : assignmentsNamed(all, parsed.raw);
  if (found.length === 0 && !chosen && policy) found = all.filter((a) => a.definitionId.toLowerCase() === policy.definitionId.toLowerCase());
  if (found.length > 1) {
    return choiceReply(ctx, NAME, parsed.raw, `${found.length} assignments match. Which one should remediate?`, found.map((a) => ({ label: `“${a.displayName}” at ${scopeLabelOf(a.scope)}`, value: a.id })));
  }
  const assignment = found[0];
  if (!assignment) {
    throw new UserError('No policy assignment you can read matches that.', { hint: 'Name the assignment: “create a remediation task for assignment acr-admin-account-disabled”.', reason: 'not-found' });
  }
  const definition = findPolicy(assignment.definitionId);
  if (definition && definition.kind !== 'modify' && definition.kind !== 'deploy') {
    throw new UserError(`“${assignment.displayName}” only reports (${definition.allowedEffects.join(', ')}): there is nothing a remediation task could change.`, {
      hint: 'Remediation needs a Modify or DeployIfNotExists policy, such as the “Configure …” definitions.',
      reason: 'unsupported',
    });
  }
  // A resource group named in the question narrows the task to it; otherwise the assignment's whole scope.
  const assignedAt = parentScopeOf(assignment.id, 'Microsoft.Authorization');
  let scope = assignedAt;
  if (parsed.entities.resourceGroup) {
    const where = await resolveScope(act.targets, ctx.user, parsed.entities);
    if (where.kind === 'one') scope = where.value.scope;
  }
  const scopeLabel = scopeLabelOf(scope);
  const requestedAt = ctx.now().toISOString();
  const request = await act.approvals.request(
    {
      title: `Remediate “${assignment.displayName}” in ${scopeLabel}`,
      change: { kind: 'remediate', scope, remediationName: remediationName(scope, assignment.id, requestedAt), assignmentId: assignment.id },
      scope,
      scopeLabel,
      warnings: definition?.kind === 'modify' ? ['Azure changes every non-compliant resource in scope at once, with the assignment’s managed identity.'] : [],
      blastRadius: await act.targets.blastRadius(ctx.user, scope, {
        resourceType: definition ? resourceTypeOf(definition) : 'Microsoft.ContainerRegistry/registries',
        assignmentId: assignment.id,
      }),
      reason: parsed.entities.reason ?? '',
    },
    requester,
    ctx.conversation.id,
  );
  return approvalReply(request, ctx);
}

export const remediateCommand = defineCommand({
  name: NAME,
  title: 'Remediate',
  description: 'Asks for a remediation task that makes resources comply with a Modify or DeployIfNotExists assignment; someone else approves it.',
  group: 'act',
  examples: ['create a remediation task for assignment acr-admin-account-disabled', 'remediate the admin user policy in resource group my-resource-group'],
  match(parsed) {
    if (hasWord(parsed, 'remediate')) return 0.96;
    if (hasWord(parsed, 'remediation') && hasWord(parsed, 'create', 'start', 'run', 'task', 'new')) return 0.96;
    return 0;
  },
  run: (ctx, parsed) => remediate(ctx, parsed),
  actions: {
    async choose(ctx, data) {
      const { text, value } = await choiceOf(ctx, NAME, data);
      return { reply: await remediate(ctx, parse(text, { now: ctx.now() }), value), refresh: 'everyone' };
    },
  },
});
