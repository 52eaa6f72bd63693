import type { AssignmentInfo, CompliancePort } from '../domain/compliance/index.js';
import type { ParsedText } from '../domain/language/index.js';
import { plural, scopeQueryOf, type SearchedScope } from '../domain/posture/index.js';
import { effectLabel } from './compliance-view.js';
import { defineCommand } from './define-command.js';
import { hasPhrase, hasWord } from './match.js';
import { portalLink } from './posture-view.js';
import type { CardReply, CommandContext, Reply } from './types.js';
import { understood } from './understood.js';

/**
 * "which policies are assigned to rg-x": the assignments at a resource group (or subscription) and
 * those inherited from above, with effect, enforcement, who assigned them and when.
 */

const PER_PAGE = 8;

function port(ctx: CommandContext): CompliancePort {
  const { compliance } = ctx.services;
  if (!compliance) throw new Error('compliance service is not configured');
  return compliance;
}

function scopeName(scope: string, searched: SearchedScope): string {
  const parts = scope.split('/').filter(Boolean);
  if (parts.length === 0) return 'the tenant root';
  if (parts[0]?.toLowerCase() === 'providers') return `management group ${parts.at(-1) ?? ''}`;
  if (parts.length === 2) return `subscription ${searched.readable.find((s) => s.id.toLowerCase() === parts[1]?.toLowerCase())?.displayName ?? parts[1] ?? ''}`;
  if (parts.length === 4) return `resource group ${parts[3] ?? ''}`;
  return parts.at(-1) ?? scope;
}

function createdLine(a: AssignmentInfo, ctx: CommandContext): string {
  const who = a.createdBy === undefined ? '' : a.createdBy.toLowerCase() === ctx.user.aadObjectId?.toLowerCase() ? 'you' : a.createdBy;
  const when = a.createdOn ? a.createdOn.slice(0, 10) : '';
  if (who === '' && when === '') return 'Creator not recorded';
  return ['Assigned', who === '' ? '' : `by ${who}`, when === '' ? '' : `on ${when}`].filter((s) => s !== '').join(' ');
}

function reply(ctx: CommandContext, parsed: ParsedText, targets: string[], assignments: AssignmentInfo[], scope: SearchedScope): CardReply {
  const target = targets.length === 1 ? scopeName(targets[0] ?? '', scope) : `${targets.length} scopes`;
  const isTarget = (s: string) => targets.some((t) => t.toLowerCase() === s.toLowerCase());
  const inherited = assignments.filter((a) => !isTarget(a.scope)).length;
  // Assigned right here first, then inherited ones from the nearest scope up.
  const ordered = [...assignments].sort((a, b) => Number(!isTarget(a.scope)) - Number(!isTarget(b.scope)) || b.scope.length - a.scope.length || a.displayName.localeCompare(b.displayName));
  return {
    kind: 'card',
    template: 'assignments',
    data: {
      title: 'Policy assignments',
      understood: [understood('Policy assignments', parsed), targets.length === 1 && parsed.entities.resourceGroup ? '' : target, `${plural(assignments.length, 'assignment')} (${inherited} inherited)`]
        .filter((s) => s !== '')
        .join(' · '),
      lead: assignments.length === 0 ? `Nothing is assigned to ${target} or above it.` : `${plural(assignments.length - inherited, 'assignment')} here, ${inherited} inherited from above.`,
      items: ordered.map((a) => ({
        title: a.displayName,
        url: portalLink(ctx, a.id),
        definition: a.definitionDisplayName && a.definitionDisplayName !== a.displayName ? `Definition: ${a.definitionDisplayName}` : '',
        effect: `Effect ${effectLabel(a.effect)} · ${a.enforcementMode === 'DoNotEnforce' ? 'not enforced (report only)' : 'enforced'}`,
        where: isTarget(a.scope) ? `Assigned to ${scopeName(a.scope, scope)}` : `Inherited from ${scopeName(a.scope, scope)}`,
        created: createdLine(a, ctx),
      })),
    },
    summary: `Policy assignments for ${target}: ${assignments.length} (${inherited} inherited).`,
    list: { field: 'items', pageSize: PER_PAGE },
  };
}

async function run(ctx: CommandContext, parsed: ParsedText): Promise<Reply> {
  const data = await port(ctx).assignments(ctx.user, scopeQueryOf(parsed));
  if (data.scope.readable.length === 0) {
    return { kind: 'text', text: 'You can’t read any Azure subscription, so there are no policy assignments I could list for you. Ask an owner for the Reader role.' };
  }
  return reply(ctx, parsed, data.targets, data.assignments, data.scope);
}

export const assignments = defineCommand({
  name: 'assignments',
  title: 'Policy assignments',
  description: 'The Azure Policy assignments at a resource group or subscription and those inherited from above: effect, enforcement, who assigned them and when.',
  group: 'ask',
  examples: ['which policies are assigned to resource group my-resource-group', 'policy assignments in prod', 'what policies apply to resource group my-resource-group'],
  match(parsed) {
    // "assign X to rg-y" asks for a change, not a list.
    if (['assign', 'unassign'].includes(parsed.words[0] ?? '')) return 0;
    if (hasWord(parsed, 'assignment') && !hasWord(parsed, 'role', 'rbac')) return 0.9;
    if (hasWord(parsed, 'assign') && hasWord(parsed, 'policy')) return 0.9;
    if (hasWord(parsed, 'policy') && (hasWord(parsed, 'apply', 'applies', 'applied') || hasPhrase(parsed, 'in force'))) return 0.8;
    return 0;
  },
  run,
});
