import type { Environment } from '../domain/environment.js';
import {
  GUARDRAIL_TEXT,
  coverageLines,
  fixIdOf,
  plural,
  type GuardrailReport,
  type GuardrailsService,
  type Offer,
  type Status,
  type Verdict,
  type Workload,
  type WorkloadReport,
} from '../domain/guardrails/index.js';
import { portalResourceUrl } from '../domain/portal.js';
import type { CommandContext, TextReply } from './types.js';

/** What every guardrail answer shares: status marks, workload rows, offers, notes. */

/** Status as a mark and a color together, never color alone. */
export const MARK: Readonly<Record<Status, { mark: string; color: string; word: string }>> = {
  fail: { mark: '✗', color: 'Attention', word: 'breaks' },
  warn: { mark: '!', color: 'Warning', word: 'weakens' },
  unknown: { mark: '?', color: 'Default', word: 'can’t tell' },
  pass: { mark: '✓', color: 'Good', word: 'keeps' },
  na: { mark: '–', color: 'Default', word: 'does not apply' },
};

export const LEGEND = '✗ breaks · ! weakens · ? can’t tell · ✓ keeps';

export function guardrailsService(ctx: CommandContext): GuardrailsService | undefined {
  return ctx.services.guardrails;
}

export function notConfiguredReply(): TextReply {
  return { kind: 'text', text: 'Workload guardrails are not set up in this ShipShape installation.' };
}

/** Sam's answer: nothing readable means nothing to check, said plainly. */
export function noSubscriptionsReply(): TextReply {
  return {
    kind: 'text',
    text: 'You can\'t read any Azure subscription, so there are no workloads to check against the guidance. Ask an Azure administrator for Reader on the subscriptions you work with, then ask again.',
  };
}

export function environmentLabel(env: Environment | undefined): string {
  return env ?? 'no environment tag';
}

/** `prod`, or `none` for untagged workloads: what an environment button carries. */
export function environmentKey(env: Environment | undefined): string {
  return env ?? 'none';
}

export function portalUrl(report: GuardrailReport, ctx: CommandContext, id: string): string {
  return portalResourceUrl(report.estate.tenantId ?? ctx.conversation.tenantId ?? '', id);
}

export function kindLine(w: Workload): string {
  if (w.kind === 'aks') return `AKS cluster · ${w.resourceGroup}`;
  const containers = w.containers.filter((c) => !c.init).length;
  return `ACI container group · ${w.resourceGroup} · ${plural(containers, 'container')}`;
}

/** "3 container groups and 1 AKS cluster in 2 subscriptions you can read". */
export function searchedText(report: GuardrailReport, workloads: readonly Workload[]): string {
  const readable = report.estate.subscriptions.length;
  if (workloads.length === 0) return `searched ${readable === 1 ? 'the' : 'all'} ${plural(readable, 'subscription')} you can read`;
  const groups = workloads.filter((w) => w.kind === 'aci').length;
  const clusters = workloads.length - groups;
  const subs = new Set(workloads.map((w) => w.subscriptionId.toLowerCase())).size;
  const where = subs === readable ? plural(readable, 'subscription') : `${subs} of the ${plural(readable, 'subscription')}`;
  return `${plural(groups, 'container group')} and ${plural(clusters, 'AKS cluster')} in ${where} you can read`;
}

/** Footnotes: what was not read, and what could not be judged. */
export function notesOf(report: GuardrailReport): string[] {
  const failed = report.estate.failures;
  return [
    failed.length > 0 ? `Not read: ${failed.slice(0, 4).map((f) => `${f.label} (${f.reason})`).join('; ')}${failed.length > 4 ? `; +${failed.length - 4} more` : ''}.` : '',
    !report.images.available ? 'Image findings could not be read, so images show “?”.' : '',
    report.images.available && !report.images.complete ? 'Image findings were still loading; ask again shortly for the rest.' : '',
    report.estate.clusters.length > 0 && !report.kubernetesAvailable ? 'Policy compliance could not be read, so Kubernetes policies show “?”.' : '',
  ].filter((n) => n !== '');
}

/** What no ARM read shows: said once wherever AKS clusters are judged, so that none reads as safe. */
export const CLUSTER_INSIDE_UNSEEN =
  'Services of type LoadBalancer and ingress inside AKS clusters are not visible to ShipShape, so a cluster here may still publish workloads to the internet; ' +
  'check with kubectl get services --all-namespaces and kubectl get ingress --all-namespaces.';

/**
 * Lines for the top of a guardrail answer: parts not read and, when clusters are listed, what it
 * cannot see inside them.
 */
export function limitsOf(report: GuardrailReport, clustersListed: boolean): string[] {
  return [...coverageLines(report.estate), ...(clustersListed ? [CLUSTER_INSIDE_UNSEEN] : [])];
}

/** The footnotes that stay at the bottom once parts not read are said at the top. */
export function footnotesOf(report: GuardrailReport): string {
  return notesOf(report).filter((n) => !n.startsWith('Not read:')).join(' ');
}

export function offerButtons(offers: readonly Offer[]): Array<{ title: string; fixId: string }> {
  return offers.map((o) => ({ title: o.label, fixId: fixIdOf(o) }));
}

export function badges(report: WorkloadReport): Array<{ text: string; color: string }> {
  return report.verdicts
    .filter((v) => v.status !== 'na')
    .map((v) => ({ text: `${MARK[v.status].mark} ${GUARDRAIL_TEXT[v.guardrail].badge}   `, color: MARK[v.status].color }));
}

export function statusLine(report: WorkloadReport): { text: string; color: string } {
  const parts = [
    report.fails > 0 ? `${report.fails} broken` : '',
    report.warns > 0 ? `${report.warns} weakened` : '',
    report.unknowns > 0 ? `${report.unknowns} unknown` : '',
  ].filter(Boolean);
  if (parts.length === 0) return { text: 'Keeps every guardrail', color: 'Good' };
  return { text: parts.join(' · '), color: report.fails > 0 ? 'Attention' : report.warns > 0 ? 'Warning' : 'Default' };
}

/** Issues shown per guardrail of a row: a cluster may run hundreds of images, a card holds about 26 KB. */
export const MAX_ISSUES = 8;

/** The first `max` lines, and a line saying how many more there are. */
export function capped(lines: readonly string[], max: number): string[] {
  return lines.length <= max ? [...lines] : [...lines.slice(0, max - 1), `…and ${lines.length - max + 1} more`];
}

/** One flagged guardrail of a row: what was found, why it matters, what to do, and the fix on offer. */
export function detailOf(v: Verdict): Record<string, unknown> {
  return {
    mark: MARK[v.status].mark,
    heading: GUARDRAIL_TEXT[v.guardrail].title,
    color: MARK[v.status].color,
    issues: capped(v.issues.map((i) => `• ${i.text}`), MAX_ISSUES).map((text) => ({ text })),
    why: `Why it matters: ${GUARDRAIL_TEXT[v.guardrail].why}`,
    todo: `What to do: ${v.todo.join(' ')}`,
    offers: offerButtons(v.offers),
  };
}

export function workloadRow(report: WorkloadReport, guardrails: GuardrailReport, ctx: CommandContext, index: number): Record<string, unknown> {
  const w = report.workload;
  const flagged = report.verdicts.filter((v) => v.status === 'fail' || v.status === 'warn' || v.status === 'unknown');
  const kept = report.verdicts.filter((v) => v.status === 'pass').map((v) => GUARDRAIL_TEXT[v.guardrail].badge);
  const status = statusLine(report);
  return {
    detailId: `detail-${index}`,
    name: w.name,
    url: portalUrl(guardrails, ctx, w.id),
    kind: kindLine(w),
    status: status.text,
    statusColor: status.color,
    badges: badges(report),
    hasDetails: flagged.length > 0,
    details: flagged.map(detailOf),
    kept: kept.length > 0 ? `Keeps: ${kept.join(', ')}.` : '',
  };
}
