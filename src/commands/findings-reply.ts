import { UserError } from '../domain/errors.js';
import {
  coverageLines,
  displayName,
  hiddenRunner,
  loadingSubscriptions,
  queryFromEntities,
  registryOf,
  riskReason,
  shortDigest,
  type EstateView,
  type FindingsService,
  type ImageQuery,
  type ImageRisk,
  type ImageSummary,
} from '../domain/findings/index.js';
import { describeEntities, parse, type ParsedText } from '../domain/language/index.js';
import { portalResourceUrl } from '../domain/portal.js';
import { SEVERITIES, type Severity } from '../domain/severity.js';
import { partialRightsLimits, withLimits } from './scope-limits.js';
import type { ActionResult, CardReply, CommandContext, Reply, TextReply } from './types.js';

/**
 * What every findings answer shares: the line saying what was understood and searched, the scan's
 * age, the partial-answer notice, and the image row. Commands add their own list.
 */

/** Long lists are paged; beyond this many rows the answer asks for a narrower question instead. */
export const MAX_ROWS = 200;

export function findingsService(ctx: CommandContext): FindingsService | undefined {
  return ctx.services.findings;
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en')} ${n === 1 ? one : many}`;
}

export { plural };

/** "just now", "3 h ago", "12 days ago", "2 years ago". */
export function ago(iso: string | undefined, now: Date): string {
  if (!iso) return 'unknown';
  const ms = now.getTime() - Date.parse(iso);
  if (!Number.isFinite(ms)) return 'unknown';
  const hours = ms / 3_600_000;
  if (hours < 1) return 'just now';
  if (hours < 48) return `${Math.floor(hours)} h ago`;
  const days = Math.floor(hours / 24);
  if (days < 730) return `${days} days ago`;
  return `${Math.floor(days / 365)} years ago`;
}

export function day(iso: string | undefined): string {
  return iso ? iso.slice(0, 10) : 'unknown';
}

export function daysSince(iso: string | undefined, now: Date): number | undefined {
  if (!iso) return undefined;
  const ms = now.getTime() - Date.parse(iso);
  return Number.isFinite(ms) ? Math.floor(ms / 86_400_000) : undefined;
}

/** "12 registries in 3 subscriptions you can read" (registries in scope of the question). */
export function searchedText(view: EstateView): string {
  const subs = new Set(view.registries.map((r) => r.subscriptionId.toLowerCase()));
  const clean = view.registries.filter((r) => r.scanState === 'healthy').length;
  const base = `${plural(view.registries.length, 'registry', 'registries')} in ${plural(subs.size || view.subscriptions.length, 'subscription')} you can read`;
  // Registries with only Defender's individual recommendations have findings this answer cannot count: say so, never "no findings".
  const registries = view.registries.filter((r) => r.scanState === 'unreadable').length;
  const clusters = view.clusters.filter((c) => c.unreadableFindings === true).length;
  const unreadable = [registries > 0 ? plural(registries, 'registry', 'registries') : '', clusters > 0 ? plural(clusters, 'AKS cluster') : ''].filter((n) => n !== '').join(' and ');
  const notes = [clean > 0 ? `${clean} with a clean scan` : '', unreadable !== '' ? `${unreadable} where Defender reports findings in a form ShipShape does not read yet` : ''].filter((n) => n !== '');
  const searched = notes.length > 0 ? `${base} (${notes.join('; ')})` : base;
  return view.hidden > 0 ? `${searched} · ${plural(view.hidden, 'finding')} hidden by suppressions` : searched;
}

export function scanText(view: EstateView, now: Date): string {
  return view.lastScan ? `Defender scan ${ago(view.lastScan, now)}` : 'no open findings reported by Defender';
}

/** The subtitle: the subject, what was understood (severities are in the subject already), what was searched. */
export function understoodLine(subject: string, parsed: ParsedText, view: EstateView, now: Date): string {
  // The subject already names severities (and a CVE, when asked about one); policies are not what findings are about.
  const { policy: _policy, ...rest } = parsed.entities;
  const cves = rest.cves.filter((c) => !subject.includes(c));
  // "Fixable Critical findings" says it already.
  const conditions = rest.conditions.filter((c) => !(c === 'fixable' && /fixable/i.test(subject)));
  const entities = describeEntities({ ...rest, severities: [], cves, conditions });
  return [subject, ...entities, searchedText(view), scanText(view, now)].filter((s) => s !== '').join(' · ');
}

export interface PartialData {
  partial: boolean;
  partialText: string;
  failed: boolean;
  failedText: string;
  queryId: string;
  askerId: string;
  refreshVerb: string;
  /** Everything the answer leaves out of the asked scope, said first: loading, failed, not visible, not scanned. */
  limited: boolean;
  limits: string[];
  /**
   * The card's `refresh` (Universal Actions): Teams runs it for the asker when they next see the card,
   * so a partial answer completes itself. Built here because a template cannot leave a property out.
   */
  refresh?: Record<string, unknown>;
}

/** The notice for answers that miss part of the estate, and what "Refresh" needs to ask again. */
export function partialData(view: EstateView, ctx: CommandContext, command: string, parsed: ParsedText): PartialData {
  const limits = limitsOf(view, ctx, command, parsed);
  return { ...limits, limited: limits.limits.length > 0 };
}

function limitsOf(view: EstateView, ctx: CommandContext, command: string, parsed: ParsedText): Omit<PartialData, 'limited'> {
  const loading = view.listed ? loadingSubscriptions(view) : ['the list of subscriptions you can read'];
  const failed = view.missing.filter((m) => m.state === 'failed');
  const service = findingsService(ctx);
  const queryId = loading.length > 0 && service ? service.remember(command, parsed.raw) : '';
  const names = loading.slice(0, 3).join(', ') + (loading.length > 3 ? `, +${loading.length - 3} more` : '');
  const verb = `${command}.refresh`;
  const action = { type: 'Action.Execute', title: 'Refresh', verb, data: { queryId } };
  const partialText = !view.listed
    ? 'Azure is slow to answer: still listing the subscriptions you can read. Refresh in a moment; the card also updates when you view it again.'
    : loading.length > 0
      ? `Partial answer: ${plural(loading.length, 'subscription')} still loading (${names}). Refresh in a moment for the rest; the card also updates when you view it again.`
      : '';
  const failedText = failed.length > 0 ? `Not included: ${failed.slice(0, 5).map((m) => `${m.label} (${m.reason})`).join('; ')}${failed.length > 5 ? `; +${failed.length - 5} more` : ''}.` : '';
  const environments = queryFromEntities(parsed.entities, parsed.words).environments;
  return {
    ...(queryId ? { refresh: { type: 'Refresh', action: { ...action, fallback: { type: 'Action.Submit', title: 'Refresh', data: { verb, data: { queryId } } } }, userIds: [ctx.user.channelUserId] } } : {}),
    partial: loading.length > 0,
    partialText,
    failed: failed.length > 0,
    failedText,
    limits: [partialText, failedText, ...(view.listed ? coverageLines(view, { environments }) : [])].filter((t) => t !== ''),
    queryId,
    askerId: ctx.user.channelUserId,
    refreshVerb: verb,
  };
}

const COLOR: Readonly<Record<Severity, string>> = { Critical: 'Attention', High: 'Warning', Medium: 'Default', Low: 'Default' };

/** Severity as text and color together, never color alone. */
export function severityCells(counts: readonly number[]): { label: string; count: string; color: string }[] {
  return SEVERITIES.map((s, i) => ({ label: s, count: (counts[i] ?? 0).toLocaleString('en'), color: (counts[i] ?? 0) > 0 ? COLOR[s] : 'Default' }));
}

export function portalUrl(view: EstateView, ctx: CommandContext, resourceId: string): string {
  return portalResourceUrl(view.tenantId ?? ctx.conversation.tenantId ?? '', resourceId);
}

/** One image row, as every list shows it: where, what, how bad, why it ranks there (risk-ordered lists), what fixes it, and the buttons. */
export function imageRow(view: EstateView, ctx: CommandContext, image: ImageSummary, risk?: ImageRisk): Record<string, unknown> {
  const now = ctx.now();
  const registry = registryOf(view, image);
  const critical = image.counts[0] ?? 0;
  const high = image.counts[1] ?? 0;
  const fixable = image.fixable.reduce((a, b) => a + b, 0);
  const worst = image.worst;
  const fix = worst?.fixedVersion ? ` → ${worst.fixedVersion}` : worst?.fixable ? ' (fix available)' : ' (no fix yet)';
  const pkg = worst?.packageName ? ` in ${worst.packageName}${worst.installedVersion ? ` ${worst.installedVersion}` : ''}${fix}` : fix;
  return {
    key: image.key,
    name: displayName(image.ref, image.tags),
    where: [registry?.name ?? image.ref.registryHost, image.environment ?? 'no env tag', shortDigest(image.ref.digest)].join(' · '),
    reason: risk ? riskReason(risk) : '',
    criticalText: `${critical} Critical`,
    criticalColor: critical > 0 ? 'Attention' : 'Default',
    highText: `${high} High`,
    highColor: high > 0 ? 'Warning' : 'Default',
    fixableText: `${fixable} fixable`,
    worst: worst ? `Worst: ${worst.id} (${worst.severity})${pkg}` : 'No open findings',
    pushed: image.lastPushed ? `Pushed ${day(image.lastPushed)} (${ago(image.lastPushed, now)})` : 'Push date unknown (scanned by the retired Qualys scanner)',
    registryUrl: portalUrl(view, ctx, registry?.id ?? image.registryId ?? `/subscriptions/${image.subscriptionId}`),
    hasRegistry: registry !== undefined,
  };
}

/**
 * An image no readable registry or cluster reports is not visible to the asker, which is not the same
 * as having no findings (a scanned image without findings is still reported, as resolved findings).
 */
export function notVisibleNotice(view: EstateView, query: ImageQuery, asked: string): string {
  const runner = query.repository ? hiddenRunner(view, query.repository, query.tag) : undefined;
  const where = runner
    ? ` ${runner.workload} runs it from ${runner.host}, a registry you cannot read.`
    : ` None of the ${searchedText(view)} holds it; it may be in a registry you cannot read.`;
  return `${asked} is not visible to you.${where} This does not mean it has no findings: ask someone who can read its registry, or ask for Reader on it.`;
}

/**
 * Answers that come before any list: Azure has not even said which subscriptions the user can read
 * (a partial card that refreshes), or it said none (Sam: a plain message).
 */
export function earlyReply(view: EstateView, ctx: CommandContext, command: string, parsed: ParsedText | undefined, template: string, title: string): Reply | undefined {
  if (!view.listed) {
    const partial = parsed ? partialData(view, ctx, command, parsed) : {};
    return { kind: 'card', template, data: { ...emptyCard(title), understood: 'Waiting for Azure', ...partial }, summary: 'Still listing the subscriptions you can read.' };
  }
  return view.subscriptions.length === 0 ? noSubscriptionsReply() : undefined;
}

/** Sam's answer: nothing readable means nothing to show, said plainly. */
export function noSubscriptionsReply(): TextReply {
  return {
    kind: 'text',
    text: 'You can\'t read any Azure subscription, so there are no image findings to show you. Ask an Azure administrator for Reader (or Security Reader) on the subscriptions you work with, then ask again.',
  };
}

/** When no findings source is wired in (a partial installation): say so on the command's own card. */
export function notConfiguredReply(template: string, title: string): CardReply {
  const notice = 'Image findings are not set up in this ShipShape installation.';
  return { kind: 'card', template, data: { ...emptyCard(title), notice }, summary: notice };
}

/** Every field the findings templates read, empty: commands fill in what they have. */
export function emptyCard(title: string): Record<string, unknown> {
  return {
    title,
    understood: '',
    notice: '',
    partial: false,
    partialText: '',
    failed: false,
    failedText: '',
    queryId: '',
    askerId: '',
    refreshVerb: '',
    limited: false,
    limits: [],
    showSummary: false,
    summaryCells: [],
    lead: '',
    images: [],
    findings: [],
    cves: [],
    others: [],
    weights: '',
    note: '',
  };
}

/** The handler behind a partial answer's "Refresh": asks the same question again, as the person clicking. */
export function refreshAction(command: string, run: (ctx: CommandContext, parsed: ParsedText) => Promise<Reply>) {
  return async (ctx: CommandContext, data: Record<string, unknown>): Promise<ActionResult> => {
    const text = findingsService(ctx)?.question(data.queryId, command);
    if (text === undefined) {
      throw new UserError('That answer is too old to refresh.', { hint: 'Ask the question again.', reason: 'stale-action' });
    }
    // Only the person refreshing sees the new card: it was read with their rights.
    const rights = partialRightsLimits(ctx);
    const reply = await run(ctx, parse(text, { now: ctx.now() }));
    return { reply: withLimits(reply, await rights), refresh: 'clicker' };
  };
}
