import { byAssignment, byResource, filterStates, nameOf, resourcesToExplain, withEvidence, type ComplianceData, type CompliancePort } from '../domain/compliance/index.js';
import type { ParsedText } from '../domain/language/index.js';
import { registryNames, scopeQueryOf, withNamedRegistry } from '../domain/posture/index.js';
import { byAssignmentReply, byResourceReply } from './compliance-view.js';
import { defineCommand } from './define-command.js';
import { hasWord } from './match.js';
import { environmentLimits, withLimits } from './scope-limits.js';
import type { CommandContext, Reply } from './types.js';
import { understood } from './understood.js';

/**
 * "ACR policy compliance in rg-x", "which registries violate policies in prod": Azure Policy's own
 * verdicts from Policy Insights, for the container policies (registries, Kubernetes, Defender), with
 * the reason each resource fails.
 */

const COMPLIANCE_WORDS = ['compliance', 'compliant', 'noncompliant'];
const VIOLATION_WORDS = ['violate', 'violates', 'violating', 'violation', 'violations', 'breaking', 'breaks'];
const IMPERATIVES = ['assign', 'unassign', 'exempt', 'remediate'];
/** Failing resources explained one by one (one request each): the first pages' worth. */
const EXPLAIN_UP_TO = 24;

function port(ctx: CommandContext): CompliancePort {
  const { compliance } = ctx.services;
  if (!compliance) throw new Error('compliance service is not configured');
  return compliance;
}

/** How long ago the newest state was recorded: "evaluated 5 min ago". */
export function ago(iso: string | undefined, now: Date): string {
  if (!iso) return '';
  const minutes = Math.max(0, Math.round((now.getTime() - Date.parse(iso)) / 60_000));
  if (Number.isNaN(minutes)) return '';
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} min ago`;
  if (minutes < 48 * 60) return `${Math.round(minutes / 60)} h ago`;
  return `on ${iso.slice(0, 10)}`;
}

async function run(ctx: CommandContext, parsed: ParsedText): Promise<Reply> {
  const compliance = port(ctx);
  const query = scopeQueryOf(parsed);
  const perResource = hasWord(parsed, ...VIOLATION_WORDS) || (hasWord(parsed, 'which', 'what') && hasWord(parsed, 'registry', 'cluster', 'resource'));
  const envs = parsed.entities.environments;
  // Counts by environment need every state (summaries cannot filter by tags inherited from groups).
  const data = await compliance.policyStates(ctx.user, query, { includeCompliant: envs.length > 0 && !perResource });
  if (data.scope.readable.length === 0) {
    return { kind: 'text', text: 'You can’t read any Azure subscription, so there is no policy compliance I could show you. Ask an owner for the Reader role.' };
  }
  const readable = data.scope.readable.map((sub) => ({ name: sub.displayName, environment: sub.environment }));
  // Subscriptions Azure let the person read only in some resource groups: the answer covers those groups.
  const narrowed = (data.narrowed ?? []).map(
    (n) => `You can read only some resource groups of ${n.subscription} (${n.resourceGroups.slice(0, 3).join(', ')}${n.resourceGroups.length > 3 ? `, +${n.resourceGroups.length - 3} more` : ''}): this covers those; the rest of ${n.subscription} is not included.`,
  );
  return withLimits(await answer(ctx, parsed, data, perResource), [...environmentLimits(readable, envs), ...narrowed]);
}

async function answer(ctx: CommandContext, parsed: ParsedText, data: ComplianceData, perResource: boolean): Promise<Reply> {
  const compliance = port(ctx);
  const envs = parsed.entities.environments;
  let states = filterStates(data.states, envs, true);
  const { names } = registryNames(parsed);
  const named = states.filter((s) => names.includes(nameOf(s.resourceId).toLowerCase()));
  if (names.length > 0 && named.length > 0) states = named;
  const explained = await compliance.explain(ctx.user, resourcesToExplain(states, EXPLAIN_UP_TO));
  states = withEvidence(states, explained);

  const newest = states.map((s) => s.timestamp ?? '').sort().at(-1);
  const header = {
    understood: understood(perResource ? 'Container policy violations' : 'Container policy compliance', withNamedRegistry(parsed, named.length > 0 ? nameOf(named[0]?.resourceId ?? '') : undefined)),
    subscriptionsCovered: data.scope.searched.length,
    scope: data.scope,
    evaluatedAt: ago(newest, ctx.now()),
  };
  if (perResource) {
    const violations = byResource(states, data.assignments);
    return byResourceReply(ctx, violations, { ...header, count: violations.length });
  }
  // Summaries describe exactly the question only when nothing narrowed the states after reading.
  const exact = envs.length === 0 && named.length === 0;
  const reports = byAssignment(states, data.assignments, exact ? data.counts : undefined);
  if (reports.length === 0) {
    const where = data.scope.resourceGroups.length > 0 ? `resource group ${data.scope.resourceGroups[0]?.name ?? ''}` : `the ${data.scope.searched.length} subscription${data.scope.searched.length === 1 ? '' : 's'} you can read`;
    return { kind: 'text', text: `No container policy judges anything in ${where}${envs.length > 0 ? ` tagged ${envs.join(' or ')}` : ''}. Ask "which policies are assigned to …" to see what is assigned.` };
  }
  return byAssignmentReply(ctx, reports, { ...header, count: reports.length });
}

export const compliance = defineCommand({
  name: 'compliance',
  title: 'Policy compliance',
  description: 'How container registries and clusters fare against the Azure Policy assignments that reach them, and why each one fails.',
  group: 'ask',
  examples: ['ACR policy compliance in resource group my-resource-group', 'which registries violate policies in prod', 'policy compliance in prod', 'is registry myregistry compliant'],
  match(parsed) {
    if (IMPERATIVES.includes(parsed.words[0] ?? '')) return 0;
    if (hasWord(parsed, ...VIOLATION_WORDS)) return 0.9;
    if (hasWord(parsed, ...COMPLIANCE_WORDS)) return 0.9;
    if (hasWord(parsed, 'policy') && hasWord(parsed, 'fail', 'failing', 'pass', 'passing', 'status', 'state')) return 0.7;
    return 0;
  },
  run,
});
