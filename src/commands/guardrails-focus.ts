import {
  GUARDRAIL_TEXT,
  TODO,
  environmentOrder,
  plural,
  statusRank,
  verdictFor,
  type GuardrailId,
  type GuardrailReport,
  type Issue,
  type IssueKind,
  type OfferKind,
  type WorkloadReport,
} from '../domain/guardrails/index.js';
import { describeEntities, type ParsedText } from '../domain/language/index.js';
import {
  MARK,
  MAX_ISSUES,
  CLUSTER_INSIDE_UNSEEN,
  environmentLabel,
  footnotesOf,
  guardrailsService,
  kindLine,
  limitsOf,
  noSubscriptionsReply,
  notConfiguredReply,
  offerButtons,
  portalUrl,
  searchedText,
} from './guardrails-view.js';
import { environmentLimits, withLimits } from './scope-limits.js';
import type { CommandContext, Reply } from './types.js';

/**
 * One guardrail asked about on its own ("which prod workloads use unapproved registries"): the
 * workloads that break it with exactly what was found, the ones that keep it, why it matters and
 * what to do, across the environments asked about.
 */

export interface FocusSpec {
  command: string;
  guardrail: GuardrailId;
  /** The problems this question is about. */
  kinds: readonly IssueKind[];
  title: string;
  /** Completes "1 of 5 workloads …" and "2 of 5 workloads …". */
  finding: { one: string; many: string };
  /** Fixes worth offering on this list (others belong to other questions). */
  offerKinds: readonly OfferKind[];
  /** Completes "No workload you can read in prod …". */
  none: string;
  /** An age the question names overrides the configured one (stale images only). */
  staleDaysFrom?: (parsed: ParsedText) => number | undefined;
  /** The word on the lead's badge ("Exposed"); else what the worst finding does to the guardrail. */
  badge?: string;
  /**
   * Workloads that keep the guardrail but must not read as plainly clear (a cluster whose inside
   * ShipShape cannot see): the lines that say so, and what the answer cannot see at all.
   */
  kept?: (kept: readonly WorkloadReport[]) => { named: readonly WorkloadReport[]; lines: string[] };
  /** Whether what ShipShape cannot see inside AKS clusters matters to this question. */
  clusterInside?: boolean;
  /** A link to where a listed workload is fixed, when the portal has a page for it. */
  fixLink?: (issues: readonly Issue[], url: string) => string;
}

const PAGE_SIZE = 8;
const MAX_CLEAR_NAMES = 12;

interface Found {
  report: WorkloadReport;
  level: number;
  days: number;
}

function found(reports: readonly WorkloadReport[], spec: FocusSpec): { hits: Found[]; checked: WorkloadReport[] } {
  const hits: Found[] = [];
  const checked: WorkloadReport[] = [];
  for (const report of reports) {
    const verdict = verdictFor(report, spec.guardrail);
    if (verdict.status === 'na') continue;
    checked.push(report);
    const issues = verdict.issues.filter((i) => spec.kinds.includes(i.kind));
    if (issues.length === 0) continue;
    hits.push({ report, level: Math.max(...issues.map((i) => statusRank(i.level))), days: Math.max(0, ...issues.map((i) => i.days ?? 0)) });
  }
  // Worst first, then the oldest image, then by name.
  hits.sort((a, b) => b.level - a.level || b.days - a.days || a.report.workload.name.localeCompare(b.report.workload.name));
  return { hits, checked };
}

/** The mark alone carries the colour; the sentence beside it stays in the default colour. */
function cappedItems(issues: readonly Issue[]): Array<{ mark: string; color: string; text: string }> {
  const items = issues.map((i) => ({ mark: MARK[i.level].mark, color: MARK[i.level].color, text: i.text }));
  if (items.length <= MAX_ISSUES) return items;
  return [...items.slice(0, MAX_ISSUES - 1), { mark: '…', color: 'Default', text: `and ${items.length - MAX_ISSUES + 1} more` }];
}

function row(hit: Found, spec: FocusSpec, report: GuardrailReport, ctx: CommandContext): Record<string, unknown> {
  const w = hit.report.workload;
  const verdict = verdictFor(hit.report, spec.guardrail);
  const issues = verdict.issues.filter((i) => spec.kinds.includes(i.kind));
  const url = portalUrl(report, ctx, w.id);
  return {
    name: w.name,
    url,
    where: `${kindLine(w)} · ${environmentLabel(w.environment)}`,
    items: cappedItems(issues),
    fix: spec.fixLink?.(issues, url) ?? '',
    offers: offerButtons(verdict.offers.filter((o) => spec.offerKinds.includes(o.kind))),
  };
}

function capitalised(text: string): string {
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}`;
}

function namesLine(label: string, names: readonly string[]): string {
  if (names.length === 0) return '';
  const more = names.length > MAX_CLEAR_NAMES ? ` and ${names.length - MAX_CLEAR_NAMES} more` : '';
  return `${label}: ${names.slice(0, MAX_CLEAR_NAMES).join(', ')}${more}.`;
}

export async function focusAnswer(ctx: CommandContext, parsed: ParsedText, spec: FocusSpec): Promise<Reply> {
  const service = guardrailsService(ctx);
  if (!service) return notConfiguredReply();
  const staleDays = spec.staleDaysFrom?.(parsed);
  const report = await service.check(ctx.user, ctx.now(), staleDays === undefined ? {} : { staleDays });
  if (report.estate.subscriptions.length === 0) return noSubscriptionsReply();

  const envs = parsed.entities.environments;
  const inScope = report.environments
    .filter((e) => envs.length === 0 || (e.environment !== undefined && envs.includes(e.environment)))
    .sort((a, b) => environmentOrder(a.environment) - environmentOrder(b.environment));
  const { hits, checked } = found(inScope.flatMap((e) => e.workloads), spec);
  const envText = envs.length > 0 ? envs.join(' and ') : 'every environment';
  const title = `${spec.title} · ${envText}`;
  const kinds = new Set(hits.flatMap((h) => verdictFor(h.report, spec.guardrail).issues.map((i) => i.kind)).filter((k) => spec.kinds.includes(k)));
  const rest = checked.filter((c) => !hits.some((h) => h.report === c));
  const kept = spec.kept?.(rest) ?? { named: [], lines: [] };
  // Workloads this guardrail could not judge are not clear, just unknown.
  const unsure = rest.filter((c) => verdictFor(c, spec.guardrail).issues.some((i) => i.level === 'unknown')).map((c) => c.workload.name).sort();
  const clear = rest.filter((c) => !kept.named.includes(c)).map((c) => c.workload.name).filter((n) => !unsure.includes(n)).sort();
  const lead = hits.length > 0 ? `${hits.length} of ${plural(checked.length, 'workload')} ${hits.length === 1 ? spec.finding.one : spec.finding.many}.` : '';
  const notice = hits.length === 0 ? `No workload you can read in ${envText} ${spec.none}.` : '';
  const worst = hits.some((h) => h.level >= statusRank('fail')) ? 'fail' : 'warn';
  const limits = limitsOf(report, spec.clusterInside === true && checked.some((c) => c.workload.kind === 'aks'));
  const understood = [
    GUARDRAIL_TEXT[spec.guardrail].title,
    ...describeEntities({ ...parsed.entities, environments: [], policy: undefined, conditions: [] }),
    searchedText(report, checked.map((c) => c.workload)),
    spec.guardrail === 'registries' ? `approved: ${report.approved}` : '',
    spec.guardrail === 'images' ? `stale after ${report.staleDays} days` : '',
  ].filter((s) => s !== '').join(' · ');
  return withLimits({
    kind: 'card',
    template: 'guardrails-focus',
    data: {
      title,
      understood,
      limited: limits.length > 0,
      limits,
      lead,
      leadBadge: spec.badge ?? capitalised(MARK[worst].word),
      leadColor: MARK[worst].color,
      notice,
      why: hits.length > 0 ? `Why it matters: ${GUARDRAIL_TEXT[spec.guardrail].why}` : '',
      todo: hits.length > 0 ? `What to do: ${[...kinds].map((k) => TODO[k]).join(' ')}` : '',
      workloads: hits.map((h) => row(h, spec, report, ctx)),
      kept: kept.lines.map((text) => ({ text })),
      clear: namesLine('Clear', clear),
      unsure: namesLine('Can’t tell', unsure),
      note: footnotesOf(report),
    },
    summary: [notice || `${title}: ${lead}`, ...limits.filter((l) => l !== CLUSTER_INSIDE_UNSEEN)].join(' '),
    list: { field: 'workloads', pageSize: PAGE_SIZE },
  }, environmentLimits(report.estate.subscriptions, envs));
}
