import type { AssignmentReport, ResourceViolations } from '../domain/compliance/index.js';
import { describeSearch, plural, type SearchedScope } from '../domain/posture/index.js';
import { portalLink } from './posture-view.js';
import type { CardReply, CommandContext } from './types.js';

/** Card data for compliance answers: per assignment, or per resource that violates something. */

/** Items per page, behind "Show more". */
export const COMPLIANCE_ITEMS_PER_PAGE = 6;
/** Failing resources (or violated policies) listed under one item; the rest are counted. */
const LINES_PER_ITEM = 5;

const EFFECT_LABELS: Readonly<Record<string, string>> = {
  audit: 'Audit', deny: 'Deny', modify: 'Modify', auditifnotexists: 'AuditIfNotExists', deployifnotexists: 'DeployIfNotExists', disabled: 'Disabled',
};

export function effectLabel(effect: string | undefined): string {
  if (!effect) return 'effect per policy';
  return EFFECT_LABELS[effect.toLowerCase()] ?? effect;
}

function scopeLabel(scope: string, searched: SearchedScope): string {
  const parts = scope.split('/').filter(Boolean);
  if (parts[0]?.toLowerCase() === 'providers') return `management group ${parts.at(-1) ?? ''}`;
  if (parts.length === 2) return `subscription ${searched.readable.find((s) => s.id.toLowerCase() === parts[1]?.toLowerCase())?.displayName ?? parts[1] ?? ''}`;
  if (parts.length === 4) return `resource group ${parts[3] ?? ''}`;
  return parts.length === 0 ? 'tenant root' : (parts.at(-1) ?? scope);
}

const TYPE_LABELS: Readonly<Record<string, string>> = {
  'microsoft.containerregistry/registries': 'Container registry',
  'microsoft.containerservice/managedclusters': 'AKS cluster',
  'microsoft.containerinstance/containergroups': 'Container group',
  'microsoft.kubernetes/connectedclusters': 'Arc Kubernetes cluster',
};

function typeLabel(type: string): string {
  return TYPE_LABELS[type.toLowerCase()] ?? type.split('/').pop() ?? type;
}

function lines<T>(items: readonly T[], text: (item: T) => string): { lines: Array<{ text: string }>; more: string } {
  const shown = items.slice(0, LINES_PER_ITEM).map((i) => ({ text: text(i) }));
  return { lines: shown, more: items.length > LINES_PER_ITEM ? `…and ${items.length - LINES_PER_ITEM} more` : '' };
}

export interface ComplianceHeader {
  understood: string;
  count: number;
  subscriptionsCovered: number;
  scope: SearchedScope;
  evaluatedAt: string;
}

function understoodLine(h: ComplianceHeader, noun: string, nouns: string): string {
  const parts = [h.understood, describeSearch(h.count, noun, nouns, h.subscriptionsCovered, h.scope)];
  if (h.evaluatedAt !== '') parts.push(`evaluated ${h.evaluatedAt}`);
  return parts.filter((p) => p !== '').join(' · ');
}

export function byAssignmentReply(ctx: CommandContext, reports: readonly AssignmentReport[], header: ComplianceHeader): CardReply {
  const failing = reports.filter((r) => r.nonCompliant > 0);
  const resources = new Set(reports.flatMap((r) => r.failing.map((f) => f.resourceId.toLowerCase()))).size;
  const lead =
    failing.length === 0
      ? 'Everything these policies judge is compliant.'
      : `${failing.length} of ${plural(reports.length, 'policy', 'policies')} find non-compliant resources (${plural(resources, 'resource')} in all).`;
  return {
    kind: 'card',
    template: 'compliance',
    data: {
      title: 'Policy compliance',
      understood: understoodLine(header, 'assignment', 'assignments'),
      lead,
      leadColor: failing.length === 0 ? 'Good' : 'Attention',
      items: reports.map((r) => ({
        title: r.displayName,
        url: portalLink(ctx, r.assignmentId),
        subtitle: [effectLabel(r.effect), r.enforcementMode === 'DoNotEnforce' ? 'not enforced' : '', scopeLabel(r.scope, header.scope), r.kubernetes ? 'judged inside Kubernetes clusters' : '']
          .filter((s) => s !== '')
          .join(' · '),
        counts: `${r.nonCompliant} non-compliant · ${r.compliant} compliant${r.exempt > 0 ? ` · ${r.exempt} exempt` : ''}${(r.conflict ?? 0) > 0 ? ` · ${r.conflict ?? 0} conflicting` : ''}${(r.unknown ?? 0) > 0 ? ` · ${r.unknown ?? 0} unknown` : ''}`,
        countsColor: r.nonCompliant > 0 ? 'Attention' : 'Good',
        ...lines(r.failing, (f) => `${f.name}: ${f.reason}`),
      })),
    },
    summary: `Policy compliance: ${lead}`,
    list: { field: 'items', pageSize: COMPLIANCE_ITEMS_PER_PAGE },
  };
}

export function byResourceReply(ctx: CommandContext, violations: readonly ResourceViolations[], header: ComplianceHeader): CardReply {
  const lead = violations.length === 0 ? 'No resource violates a container policy here.' : `${plural(violations.length, 'resource')} violate${violations.length === 1 ? 's' : ''} policies; most violations first.`;
  return {
    kind: 'card',
    template: 'compliance',
    data: {
      title: 'Policy violations',
      understood: understoodLine(header, 'non-compliant resource', 'non-compliant resources'),
      lead,
      leadColor: violations.length === 0 ? 'Good' : 'Attention',
      items: violations.map((v) => ({
        title: v.name,
        url: portalLink(ctx, v.resourceId),
        subtitle: [typeLabel(v.resourceType), v.resourceGroup, v.environment ?? ''].filter((s) => s !== '').join(' · '),
        counts: `Violates ${plural(v.violations.length, 'policy', 'policies')}`,
        countsColor: 'Attention',
        ...lines(v.violations, (x) => `${x.policy.replace(/\.$/, '')} (${effectLabel(x.effect)}): ${x.reason}`),
      })),
    },
    summary: `Policy violations: ${lead}`,
    list: { field: 'items', pageSize: COMPLIANCE_ITEMS_PER_PAGE },
  };
}
