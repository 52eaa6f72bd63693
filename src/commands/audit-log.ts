import { scopeParts, utc } from '../domain/approvals/index.js';
import type { AuditAction, AuditEntry } from '../domain/audit/index.js';
import type { ParsedText } from '../domain/language/index.js';
import { actOf } from './approval.js';
import { defineCommand } from './define-command.js';
import { hasWord } from './match.js';
import { understood } from './understood.js';
import type { CardReply, CommandContext } from './types.js';

/**
 * "audit log for rg-x this week", "who approved what today": the append-only trail of requests,
 * decisions and executions, newest first, limited to subscriptions the asker can read.
 */

const DAY_MS = 86_400_000;
const PAGE = 10;

const LABELS: Readonly<Record<AuditAction, string>> = {
  'approval.requested': 'Asked',
  'approval.approved': 'Approved',
  'approval.rejected': 'Rejected',
  'approval.expired': 'Expired',
  'approval.refused': 'Refused',
  'change.succeeded': 'Changed',
  'change.failed': 'Failed',
  'change.denied': 'Denied by Azure',
  'change.resumed': 'Resumed',
};

function startOfDay(d: Date): number {
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
}

/** The period the question names; a week when it names none. */
export function periodOf(parsed: ParsedText, at: Date): { from: Date; to: Date; label: string } {
  // Up to a second ahead, so an entry written in this very moment is included.
  const now = new Date(at.getTime() + 1000);
  const on = parsed.entities.dates.find((d) => d.relation === 'on');
  if (on) {
    const from = new Date(`${on.date}T00:00:00Z`);
    return { from, to: new Date(from.getTime() + DAY_MS), label: on.date === now.toISOString().slice(0, 10) ? 'today' : on.date };
  }
  const since = parsed.entities.dates.find((d) => d.relation === 'since');
  if (since) return { from: new Date(`${since.date}T00:00:00Z`), to: now, label: since.calendar ? since.text : `since ${since.date}` };
  const period = parsed.entities.durations.find((d) => d.relation !== 'older-than');
  if (period) return { from: new Date(now.getTime() - period.hours * 3_600_000), to: now, label: `last ${period.text.replace(/^(in the |the )?(last|past|for|in)\s+/i, '')}` };
  if (hasWord(parsed, 'month')) return { from: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1)), to: now, label: 'this month' };
  // Weeks start on Monday, in UTC like every time on these cards.
  const monday = startOfDay(now) - ((now.getUTCDay() + 6) % 7) * DAY_MS;
  return hasWord(parsed, 'week') ? { from: new Date(monday), to: now, label: 'this week' } : { from: new Date(now.getTime() - 7 * DAY_MS), to: now, label: 'last 7 days' };
}

function scopeOf(parsed: ParsedText): string | undefined {
  const e = parsed.entities;
  return e.resourceGroup ?? e.repository ?? e.registry ?? (e.subscription?.id ? `/subscriptions/${e.subscription.id}` : undefined);
}

function row(entry: AuditEntry): Record<string, unknown> {
  const d = entry.detail;
  const facts = [
    d.status === undefined ? '' : `Azure ${d.status}${d.code ? ` ${d.code}` : ''}`,
    d.action ? `missing ${d.action}` : '',
    d.correlationId ? `correlation ${d.correlationId}` : '',
    d.reason && entry.action === 'approval.requested' ? `“${d.reason}”` : '',
  ].filter(Boolean);
  // Summaries usually name their actor already ("Priya Raman approved …"): say the name once.
  const line = entry.summary.startsWith(entry.actorName) ? entry.summary : `${entry.actorName}: ${entry.summary}`;
  return { when: utc(entry.at), who: entry.actorName, what: LABELS[entry.action], line, detail: facts.join(' · '), approvalId: entry.approvalId };
}

async function auditLog(ctx: CommandContext, parsed: ParsedText): Promise<CardReply> {
  const act = actOf(ctx);
  const now = ctx.now();
  const period = periodOf(parsed, now);
  const scope = scopeOf(parsed);
  const decisions = hasWord(parsed, 'who') && hasWord(parsed, 'approve', 'approved', 'reject', 'rejected');
  const actions: AuditAction[] | undefined = decisions ? ['approval.approved', 'approval.rejected'] : undefined;
  const entries = await act.audit.query({ from: period.from, to: period.to, ...(scope ? { scope } : {}), ...(actions ? { actions } : {}) });
  // The trail names scopes and people: show only what happened in subscriptions the asker can read.
  const readable = new Set((await act.targets.subscriptions(ctx.user)).map((s) => s.id.toLowerCase()));
  const visible = entries.filter((e) => {
    const sub = scopeParts(e.target).subscriptionId;
    return sub === undefined ? e.target.startsWith('shipshape:') : readable.has(sub.toLowerCase());
  });
  const hidden = entries.length - visible.length;
  const what = decisions ? 'Approvals and rejections' : 'Audit log';
  return {
    kind: 'card',
    template: 'audit-log',
    data: {
      title: `${what}${scope ? ` for ${scope}` : ''}, ${period.label}`,
      understood: understood('Audit log', parsed, [`${visible.length} ${visible.length === 1 ? 'entry' : 'entries'}`]),
      empty: visible.length === 0,
      emptyText: `Nothing recorded ${period.label}${scope ? ` for ${scope}` : ''}.`,
      hiddenNote: hidden > 0 ? `${hidden} more ${hidden === 1 ? 'entry concerns a subscription' : 'entries concern subscriptions'} you cannot read.` : '',
      entries: visible.map(row),
    },
    summary: `${what}${scope ? ` for ${scope}` : ''}, ${period.label}: ${visible.length} ${visible.length === 1 ? 'entry' : 'entries'}.`,
    list: { field: 'entries', pageSize: PAGE },
  };
}

export const auditLogCommand = defineCommand({
  name: 'audit-log',
  title: 'Audit log',
  description: 'Who asked for, approved, rejected and ran which change, with Azure’s answer and correlation id.',
  group: 'act',
  examples: ['audit log for resource group my-resource-group this week', 'who approved what today'],
  match(parsed) {
    if (hasWord(parsed, 'audit') && hasWord(parsed, 'log', 'trail', 'history')) return 0.95;
    if (hasWord(parsed, 'who') && hasWord(parsed, 'approve', 'approved', 'reject', 'rejected')) return 0.9;
    if (hasWord(parsed, 'approval') && hasWord(parsed, 'history', 'log')) return 0.9;
    if (hasWord(parsed, 'who') && hasWord(parsed, 'change', 'changed', 'ran', 'made')) return 0.85;
    return 0;
  },
  run: auditLog,
});
