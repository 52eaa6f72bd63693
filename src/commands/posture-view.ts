import { portalResourceUrl } from '../domain/portal.js';
import { describeSearch, plural, type CheckResult, type Outcome, type PostureSummary, type RegistryPosture, type SearchedScope } from '../domain/posture/index.js';
import type { CardReply, CommandContext } from './types.js';

/** Card data for posture answers: one registry's checklist, or a summary of many, worst first. */

/** Outcome as words and a color, never color alone. */
const OUTCOME: Readonly<Record<Outcome, { label: string; color: string; mark: string }>> = {
  pass: { label: 'Pass', color: 'Good', mark: '✓' },
  warn: { label: 'Check', color: 'Warning', mark: '!' },
  fail: { label: 'Fail', color: 'Attention', mark: '✗' },
  'needs-premium': { label: 'Needs Premium', color: 'Warning', mark: '✗' },
};

/** Registries per page of a summary, behind "Show more". */
export const REGISTRIES_PER_PAGE = 8;

export function portalLink(ctx: CommandContext, resourceId: string): string {
  const tenant = ctx.conversation.tenantId;
  return tenant ? portalResourceUrl(tenant, resourceId) : `https://portal.azure.com/#resource${resourceId}`;
}

function shortGuid(definitionId: string): string {
  const guid = definitionId.split('/').pop() ?? definitionId;
  return guid.length > 13 ? `${guid.slice(0, 8)}…` : guid;
}

export interface RowData {
  title: string;
  outcome: string;
  color: string;
  mark: string;
  detail: string;
  failing: boolean;
  why: string;
  policy: string;
  hasPolicy: boolean;
  advice: string;
  proposalId: string;
}

/** One checklist row; `proposalId` is the saved fix, when the row has one. */
export function rowData(result: CheckResult, proposalId: string | undefined): RowData {
  const o = OUTCOME[result.outcome];
  const failing = result.outcome !== 'pass';
  const policy = result.check.policies.map((p) => `${p.displayName.replace(/\.$/, '')} (${shortGuid(p.definitionId)})`).join(' · ');
  // Features that no single request turns on (a customer-managed key) keep their own advice.
  const premiumAdvice = result.check.fix ? 'Needs the Premium SKU: upgrade first (see the SKU row).' : `Needs the Premium SKU. ${result.check.advice}`;
  const advice = result.outcome === 'needs-premium' ? premiumAdvice : proposalId ? '' : result.check.advice;
  return {
    title: result.check.title,
    outcome: o.label,
    color: o.color,
    mark: o.mark,
    detail: result.detail,
    failing,
    why: result.check.why,
    policy: policy === '' ? 'No built-in policy audits this setting.' : `Enforced by: ${policy}`,
    hasPolicy: policy !== '',
    advice: failing ? advice : '',
    proposalId: proposalId ?? '',
  };
}

function environmentLabel(posture: RegistryPosture): string {
  return posture.registry.environment ?? 'no environment tag';
}

export function checklistReply(ctx: CommandContext, posture: RegistryPosture, proposals: ReadonlyMap<string, string>, understood: string): CardReply {
  const r = posture.registry;
  const passing = posture.results.filter((x) => x.outcome === 'pass').length;
  const toFix = posture.results.filter((x) => x.outcome !== 'pass');
  const now = toFix.filter((x) => x.outcome !== 'needs-premium');
  const premium = toFix.length - now.length;
  const lead =
    toFix.length === 0
      ? `All ${posture.results.length} checks pass.`
      : [now.length > 0 ? `To look at: ${now.map((x) => x.check.title).join(', ')}.` : '', premium > 0 ? `${plural(premium, 'check')} need${premium === 1 ? 's' : ''} the Premium SKU.` : '']
          .filter((s) => s !== '')
          .join(' ');
  return {
    kind: 'card',
    template: 'posture-registry',
    data: {
      title: `${r.name} · registry posture`,
      understood: understood === '' ? `registry ${r.name}` : understood,
      facts: `${r.sku ?? 'Unknown SKU'} · ${r.location} · ${environmentLabel(posture)} · ${passing} of ${posture.results.length} checks pass`,
      lead,
      leadColor: posture.failing > 0 ? 'Attention' : toFix.length > 0 ? 'Warning' : 'Good',
      rows: posture.results.map((result) => rowData(result, proposals.get(result.check.id))),
      // Details of passing rows start hidden (phones); the rows are `why-{index}` in the template.
      passingIds: posture.results.flatMap((result, i) => (result.outcome === 'pass' ? [`why-${i}`] : [])),
      portalUrl: portalLink(ctx, r.id),
      registryId: r.id,
    },
    summary: `${r.name}: ${passing} of ${posture.results.length} posture checks pass${toFix.length > 0 ? `; to look at: ${toFix.map((x) => x.check.title).join(', ')}` : ''}.`,
  };
}

export function summaryReply(ctx: CommandContext, summary: PostureSummary, scope: SearchedScope, subscriptionsWithRegistries: number, understood: string): CardReply {
  const total = summary.worstFirst.length;
  const worst = summary.worstFirst[0];
  const lead =
    summary.clean === total
      ? `All ${total} registries pass every check.`
      : `${summary.clean} of ${total} pass every check. Worst: ${worst?.registry.name ?? ''} (${plural(worst?.failing ?? 0, 'check')} failing).`;
  return {
    kind: 'card',
    template: 'posture-summary',
    data: {
      title: 'Registry posture',
      understood: [understood, describeSearch(total, 'registry', 'registries', subscriptionsWithRegistries, scope)].filter((s) => s !== '').join(' · '),
      lead,
      leadColor: summary.clean === total ? 'Good' : 'Attention',
      checks: summary.byCheck.map((c) => ({ title: c.check.title, value: `${c.passing} of ${c.total} pass` })),
      registries: summary.worstFirst.map((p) => {
        const failing = p.results.filter((x) => x.outcome === 'fail' || x.outcome === 'needs-premium');
        return {
          name: p.registry.name,
          facts: `${environmentLabel(p)} · ${p.registry.sku ?? 'Unknown SKU'} · ${p.registry.resourceGroup}`,
          status: failing.length === 0 ? 'Passes every check' : `${plural(failing.length, 'check')} failing: ${failing.map((x) => x.check.title).join(', ')}`,
          color: failing.length === 0 ? 'Good' : 'Attention',
          url: portalLink(ctx, p.registry.id),
          registryId: p.registry.id,
        };
      }),
    },
    summary: `Registry posture: ${lead}`,
    list: { field: 'registries', pageSize: REGISTRIES_PER_PAGE },
  };
}
