import { scopeParts, utc } from '../domain/approvals/index.js';
import type { AuditEntry } from '../domain/audit/index.js';
import type { ParsedText } from '../domain/language/index.js';
import { defineCommand } from './define-command.js';
import { hasPhrase, hasWord } from './match.js';
import { environmentLimits, withLimits } from './scope-limits.js';
import type { CardReply, CommandContext, Reply } from './types.js';
import { understood } from './understood.js';

/**
 * "what changed since yesterday": what is different in the asker's own view since a day they name
 * (yesterday when they name none): new and resolved criticals and highs, images that became stale,
 * resources that became non-compliant, and the changes made through ShipShape.
 */

const DAY_MS = 86_400_000;
const MAX_LISTED = 10;

function match(parsed: ParsedText): number {
  // "who changed what" is the audit trail's question; so is anything naming the log.
  if (hasWord(parsed, 'who', 'audit', 'log', 'trail')) return 0;
  const timed = parsed.entities.dates.length > 0 || parsed.entities.durations.length > 0;
  if (hasPhrase(parsed, 'what change') || hasPhrase(parsed, 'what has change') || hasPhrase(parsed, 'what is different')) return 0.95;
  if (hasWord(parsed, 'change', 'changed', 'changes', 'different', 'diff') && timed) return 0.9;
  if (hasPhrase(parsed, 'what is new') || hasPhrase(parsed, 'anything new') || hasPhrase(parsed, 'what new')) return timed ? 0.92 : 0.7;
  // "new criticals since Monday", "what was fixed this week": findings over a window are changes.
  const window = parsed.entities.dates.some((d) => d.relation === 'since' || d.relation === 'on') || parsed.entities.durations.some((d) => d.relation === 'newer-than');
  const aboutFindings = parsed.entities.severities.length > 0 || hasWord(parsed, 'finding', 'new', 'resolved', 'fixed', 'stale', 'noncompliant');
  if (window && aboutFindings && !hasWord(parsed, 'suppress', 'exempt', 'approve', 'approval')) return 0.9;
  return 0;
}

/** The start of the window: the day named ("since Monday", "in November"), a span ("last 7 days"), else yesterday. */
export function windowOf(parsed: ParsedText, now: Date): { from: Date; to: Date; label: string } {
  const since = parsed.entities.dates.find((d) => d.relation === 'since' || d.relation === 'on');
  const until = parsed.entities.dates.find((d) => d.relation === 'until');
  const span = parsed.entities.durations.find((d) => d.relation === 'newer-than' || d.relation === 'for' || d.relation === 'plain');
  const to = until ? new Date(Date.parse(`${until.date}T00:00:00Z`) + DAY_MS) : now;
  if (since) return { from: new Date(`${since.date}T00:00:00Z`), to, label: since.text };
  if (span) return { from: new Date(now.getTime() - span.hours * 3_600_000), to, label: span.text };
  return { from: new Date(now.getTime() - DAY_MS), to, label: 'since yesterday' };
}

async function changesMade(ctx: CommandContext, from: Date, to: Date): Promise<AuditEntry[]> {
  const act = ctx.services.act;
  if (!act) return [];
  const entries = await act.audit.query({ from, to, actions: ['change.succeeded'] });
  const readable = new Set((await act.targets.subscriptions(ctx.user)).map((s) => s.id.toLowerCase()));
  return entries.filter((e) => {
    const sub = scopeParts(e.target).subscriptionId;
    return sub === undefined ? e.target.startsWith('shipshape:') : readable.has(sub.toLowerCase());
  });
}

function listed<T>(items: readonly T[], line: (item: T) => string): string {
  const shown = items.slice(0, MAX_LISTED).map((i) => `• ${line(i)}`);
  if (items.length > MAX_LISTED) shown.push(`• …and ${items.length - MAX_LISTED} more`);
  return shown.join('\n');
}

async function answer(ctx: CommandContext, parsed: ParsedText): Promise<Reply> {
  const changes = ctx.services.changes;
  if (!changes) return { kind: 'text', text: 'Change history is not set up in this installation.' };
  const now = ctx.now();
  const window = windowOf(parsed, now);
  const environment = parsed.entities.environments[0];
  const result = await changes.since(ctx.user, environment, window.from, now, AbortSignal.timeout(60_000));
  const d = result.delta;
  const made = await changesMade(ctx, window.from, window.to);
  const sections: string[] = [];
  if (result.baseline) {
    sections.push(`I have no earlier record of your view ${window.label}, so I can't tell what is new in it; I keep one a day from now on. Open now: ${d.open.critical} critical, ${d.open.high} high.`);
  } else {
    const visible = d.newFindings.filter((f) => !f.suppressed);
    sections.push(visible.length > 0 ? `**New criticals and highs (${visible.length})**\n\n${listed(visible, (f) => `${f.severity} ${f.id} in ${f.image}`)}` : 'No new criticals or highs.');
    sections.push(d.resolved.critical + d.resolved.high > 0 ? `**Resolved**: ${d.resolved.critical} critical, ${d.resolved.high} high.` : 'Nothing resolved.');
    sections.push(d.newStale.length > 0 ? `**Became stale (${d.newStale.length})**\n\n${listed(d.newStale, (i) => `${i.image} (${i.ageDays} days old)`)}` : 'No image became stale.');
    if (d.newNonCompliant === undefined) sections.push('Policy compliance could not be read with your access.');
    else sections.push(d.newNonCompliant.length > 0 ? `**Became non-compliant (${d.newNonCompliant.length})**\n\n${listed(d.newNonCompliant, (r) => `${r.name}: ${r.policy}`)}` : 'No resource became non-compliant.');
  }
  sections.push(made.length > 0 ? `**Changes made through ShipShape (${made.length})**\n\n${listed(made, (e) => `${utc(e.at)} ${e.summary}`)}` : 'No changes were made through ShipShape.');
  if (result.observation.missing.length > 0) sections.push(`Not included: ${result.observation.missing.join('; ')}.`);
  const since = result.comparedTo ? `compared with your view at ${utc(result.comparedTo)}` : window.label;
  const header = understood('What changed', parsed, [since, `as ${result.observation.readAs}`]);
  const card: CardReply = { kind: 'card', template: 'text', data: { text: `${header}\n\n${sections.join('\n\n')}` }, summary: `What changed ${window.label}` };
  return withLimits(card, environmentLimits(result.observation.subscriptions ?? [], environment ? [environment] : []));
}

export const whatChanged = defineCommand({
  name: 'what-changed',
  title: 'What changed',
  description: 'What is different in your view since a day you name: new and resolved findings, newly stale images, new non-compliance, changes made.',
  group: 'ask',
  examples: ['what changed since yesterday', 'what changed in prod this week'],
  match,
  run: answer,
});
