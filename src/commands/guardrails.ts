import { ENVIRONMENTS } from '../domain/environment.js';
import { UserError } from '../domain/errors.js';
import { GUARDRAIL_IDS, GUARDRAIL_TEXT, fixIdOf, plural, type EnvironmentReport, type GuardrailCounts, type GuardrailReport } from '../domain/guardrails/index.js';
import { parse, type ParsedText } from '../domain/language/index.js';
import { defineCommand } from './define-command.js';
import { fixAction, requestAction } from './guardrails-fix.js';
import { guardrailScores } from './guardrails-match.js';
import { focusAnswer } from './guardrails-focus.js';
import { guardrailFocusOf } from './guardrails-focus-match.js';
import {
  LEGEND,
  MARK,
  CLUSTER_INSIDE_UNSEEN,
  environmentKey,
  environmentLabel,
  footnotesOf,
  guardrailsService,
  limitsOf,
  noSubscriptionsReply,
  notConfiguredReply,
  portalUrl,
  searchedText,
  workloadRow,
} from './guardrails-view.js';
import { environmentLimits, withLimits } from './scope-limits.js';
import type { ActionResult, CardReply, CommandContext, Reply } from './types.js';

/**
 * "Check prod container groups against the security guidance": one card per environment, a row per
 * container group or AKS cluster, a badge per guardrail, worst first and paged. Other environments
 * are a button away, each its own card.
 */

const PAGE_SIZE = 5;
const AUDIT_WHY = 'Registry login and repository events are the audit trail of administrative access the guidance asks to keep.';

function scanLine(report: GuardrailReport, now: Date): string {
  const scan = report.images.lastScan;
  if (!report.images.available || !scan) return '';
  const hours = Math.max(0, Math.floor((now.getTime() - Date.parse(scan)) / 3_600_000));
  return `Defender scan ${hours < 1 ? 'just now' : hours < 48 ? `${hours} h ago` : `${Math.floor(hours / 24)} days ago`}`;
}

/** "✗ 2 break it · 1 weakens it (of 6)", "? 1 can’t tell (of 1)", "✓ none flagged (of 6)". */
function countText(c: GuardrailCounts | undefined): string {
  if (!c) return '';
  const parts = [
    c.fail > 0 ? `${c.fail} ${c.fail === 1 ? 'breaks' : 'break'} it` : '',
    c.warn > 0 ? `${c.warn} ${c.warn === 1 ? 'weakens' : 'weaken'} it` : '',
    c.unknown > 0 ? `${c.unknown} can’t tell` : '',
  ].filter(Boolean);
  if (parts.length === 0) return `${MARK.pass.mark} none flagged (of ${c.applicable})`;
  const mark = c.fail > 0 ? MARK.fail.mark : c.warn > 0 ? MARK.warn.mark : MARK.unknown.mark;
  return `${mark} ${parts.join(' · ')} (of ${c.applicable})`;
}

function leadOf(env: EnvironmentReport): { lead: string; leadColor: string } {
  const total = env.workloads.length;
  if (total === 0) return { lead: '', leadColor: 'Default' };
  const flagged = env.workloads.filter((w) => w.fails + w.warns > 0);
  const worst = env.workloads[0];
  if (flagged.length === 0 || !worst) return { lead: `All ${plural(total, 'workload')} keep every guardrail ShipShape can judge.`, leadColor: 'Good' };
  const worstText = worst.fails > 0 ? `${worst.fails} broken` : `${worst.warns} weakened`;
  return {
    lead: `${flagged.length} of ${plural(total, 'workload')} ${flagged.length === 1 ? 'breaks or weakens' : 'break or weaken'} a guardrail. Worst: ${worst.workload.name} (${worstText}).`,
    leadColor: env.workloads.some((w) => w.fails > 0) ? 'Attention' : 'Warning',
  };
}

export function environmentCard(ctx: CommandContext, parsed: ParsedText, report: GuardrailReport, key: string): CardReply {
  const env = report.environments.find((e) => environmentKey(e.environment) === key);
  const label = environmentLabel(env?.environment ?? (key === 'none' ? undefined : (key as EnvironmentReport['environment'])));
  const workloads = env?.workloads ?? [];
  const title = `Workload guardrails · ${label}`;
  const understood = [
    'Checked against Microsoft’s container security guidance',
    searchedText(report, workloads.map((w) => w.workload)),
    `approved: ${report.approved}`,
    `stale after ${report.staleDays} days`,
    scanLine(report, ctx.now()),
  ].filter((s) => s !== '').join(' · ');
  const { lead, leadColor } = env ? leadOf(env) : { lead: '', leadColor: 'Default' };
  const limits = limitsOf(report, workloads.some((w) => w.workload.kind === 'aks'));
  const notice = workloads.length === 0 ? `No container group or AKS cluster you can read is in ${label}.` : '';
  const guardrailCounts = GUARDRAIL_IDS.filter((id) => (env?.counts[id].applicable ?? 0) > 0).map((id) => ({ title: GUARDRAIL_TEXT[id].title, value: countText(env?.counts[id]) }));
  const registries = (env?.registries ?? []).map((r) => ({
    name: r.registry.name,
    url: portalUrl(report, ctx, r.registry.id),
    issue: r.issue.text.replace(new RegExp(`^${r.registry.name} `), ''),
    color: MARK[r.issue.level].color,
    fixId: r.offer ? fixIdOf(r.offer) : '',
    offer: r.offer?.label ?? '',
  }));
  const others = report.environments
    .filter((e) => e !== env && e.workloads.length + e.registries.length > 0)
    .slice(0, 4)
    .map((e) => ({ title: `${environmentLabel(e.environment)} (${plural(e.workloads.length, 'workload')})`, environment: environmentKey(e.environment) }));
  return {
    kind: 'card',
    template: 'guardrails',
    data: {
      title,
      understood,
      limited: limits.length > 0,
      limits,
      lead,
      leadColor,
      notice,
      showSummary: workloads.length > 0,
      guardrailCounts,
      legend: LEGEND,
      workloads: workloads.map((w, i) => workloadRow(w, report, ctx, i)),
      registriesHeading: `Registries in ${label} without a complete audit trail (${registries.length})`,
      registriesWhy: AUDIT_WHY,
      registries,
      note: footnotesOf(report),
      envActions: others,
    },
    summary: [notice || `${title}: ${lead}`, ...limits.filter((l) => l !== CLUSTER_INSIDE_UNSEEN)].join(' '),
    list: { field: 'workloads', pageSize: PAGE_SIZE },
  };
}

/** The environment to show: the one asked for, else the first (prod first) that has workloads. */
function chosenEnvironment(report: GuardrailReport, parsed: ParsedText): string {
  const asked = parsed.entities.environments[0];
  if (asked) return asked;
  const first = report.environments.find((e) => e.workloads.length > 0) ?? report.environments[0];
  return first ? environmentKey(first.environment) : 'prod';
}

async function answer(ctx: CommandContext, parsed: ParsedText, environment?: string): Promise<Reply> {
  // "any privileged containers in prod?": that guardrail's workloads first, with why.
  const focus = environment === undefined ? guardrailFocusOf(parsed) : undefined;
  if (focus) return focusAnswer(ctx, parsed, focus);
  const service = guardrailsService(ctx);
  if (!service) return notConfiguredReply();
  const report = await service.check(ctx.user, ctx.now());
  if (report.estate.subscriptions.length === 0) return noSubscriptionsReply();
  const key = environment ?? chosenEnvironment(report, parsed);
  const shown = ENVIRONMENTS.find((e) => e === key);
  return withLimits(environmentCard(ctx, parsed, report, key), environmentLimits(report.estate.subscriptions, shown ? [shown] : []));
}

/** Another environment's card: the button carries only the environment, read again as the person who pressed it. */
async function showEnvironment(ctx: CommandContext, data: Record<string, unknown>): Promise<ActionResult> {
  const env = data.environment;
  if (typeof env !== 'string' || !(env === 'none' || (ENVIRONMENTS as readonly string[]).includes(env))) {
    throw new UserError('That button does not name an environment.', { reason: 'bad-action-data' });
  }
  return { reply: await answer(ctx, parse('', { now: ctx.now() }), env), refresh: 'new-message' };
}

export const guardrails = defineCommand({
  name: 'guardrails',
  title: 'Workload guardrails',
  description: 'Checks container groups and AKS clusters against Microsoft’s container security guidance, one environment at a time.',
  group: 'ask',
  examples: ['check prod container groups against the security guidance', 'are our prod workloads following the guidance?'],
  match: (parsed) => guardrailScores(parsed).guardrails,
  run: (ctx, parsed) => answer(ctx, parsed),
  actions: { env: showEnvironment, fix: fixAction, request: requestAction },
});
