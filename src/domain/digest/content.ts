import { portalHomeUrl, portalResourceUrl } from '../portal.js';
import { environmentGap } from '../scope-gap.js';
import { formatInZone } from './time-zones.js';
import type { DigestDelta, DigestSubscription, Observation } from './types.js';

/**
 * The digest as card data: the answer first (what is new, what got fixed), then the rows, then what
 * could not be read. Built from the delta only; rendering is the bot's job.
 */

const MAX_FINDINGS = 8;
const MAX_OTHER = 5;

export interface DigestCard {
  data: Record<string, unknown>;
  summary: string;
}

export interface DigestCardOptions {
  /** `scheduled` or `on-request` ("digest now"). */
  trigger: 'scheduled' | 'on-request';
  /** When the following digest is due, for the footer. */
  nextRunAt: string | undefined;
  tenantId: string;
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

function list(parts: string[]): string {
  return parts.length <= 1 ? (parts[0] ?? '') : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1) as string}`;
}

export function environmentLabel(subscription: Pick<DigestSubscription, 'environment'>): string {
  return subscription.environment ?? 'all environments';
}

function headline(delta: DigestDelta): { text: string; color: string } {
  if (delta.baseline) {
    return {
      text: `Baseline: ${plural(delta.open.critical, 'open critical')} and ${plural(delta.open.high, 'open high')} right now. The next digests report what changes.`,
      color: delta.open.critical > 0 ? 'attention' : delta.open.high > 0 ? 'warning' : 'good',
    };
  }
  const newCritical = delta.newFindings.filter((f) => f.severity === 'Critical').length;
  const newHigh = delta.newFindings.length - newCritical;
  const parts: string[] = [];
  if (newCritical > 0) parts.push(plural(newCritical, 'new critical'));
  if (newHigh > 0) parts.push(plural(newHigh, 'new high'));
  const resolved = delta.resolved.critical + delta.resolved.high;
  if (resolved > 0) parts.push(`${resolved} resolved`);
  if (delta.newStale.length > 0) parts.push(plural(delta.newStale.length, 'newly stale image'));
  if ((delta.newNonCompliant?.length ?? 0) > 0) parts.push(plural(delta.newNonCompliant?.length ?? 0, 'newly non-compliant resource'));
  if (parts.length === 0) return { text: 'Nothing new since the last digest.', color: 'good' };
  const text = `${list(parts)}.`;
  return { text: text.charAt(0).toUpperCase() + text.slice(1), color: newCritical > 0 ? 'attention' : newHigh > 0 ? 'warning' : 'default' };
}

/** A digest of an environment the identity reads no subscription of says so first. */
function limitsOf(subscription: DigestSubscription, observation: Observation): { limited?: boolean; limits?: string[] } {
  const gap = subscription.environment ? environmentGap(observation.subscriptions ?? [], [subscription.environment]) : undefined;
  return gap ? { limited: true, limits: [gap] } : {};
}

export function digestCard(subscription: DigestSubscription, delta: DigestDelta, observation: Observation, options: DigestCardOptions): DigestCard {
  const zone = subscription.schedule.timeZone;
  const env = environmentLabel(subscription);
  const lead = headline(delta);
  const since = delta.since ? `Since ${formatInZone(delta.since, zone)}` : 'First digest';
  const view = subscription.identity === 'app' ? `read as ${observation.readAs}` : `read with ${observation.readAs}'s own access`;
  const tenant = subscription.tenantId ?? options.tenantId;

  const newCritical = delta.newFindings.filter((f) => f.severity === 'Critical').length;
  const facts = [
    { label: 'New critical', value: String(newCritical), color: newCritical > 0 ? 'attention' : 'default' },
    { label: 'New high', value: String(delta.newFindings.length - newCritical), color: delta.newFindings.length > newCritical ? 'warning' : 'default' },
    { label: 'Resolved', value: `${delta.resolved.critical} critical · ${delta.resolved.high} high`, color: 'good' },
    { label: 'Open now', value: `${delta.open.critical} critical · ${delta.open.high} high`, color: delta.open.critical > 0 ? 'attention' : 'default' },
    { label: 'Stale images', value: delta.baseline ? String(delta.staleTotal) : `${delta.newStale.length} new · ${delta.staleTotal} in all`, color: 'default' },
  ];
  if (delta.nonCompliantTotal !== undefined) {
    const fresh = delta.newNonCompliant?.length;
    facts.push({ label: 'Non-compliant', value: fresh === undefined ? String(delta.nonCompliantTotal) : `${fresh} new · ${delta.nonCompliantTotal} in all`, color: 'default' });
  }

  // New findings with an exploit first (in a kit, then known), then in fix-first's order of their images, then by severity.
  const exploitRank = (f: (typeof delta.newFindings)[number]): number => (f.exploit === 'kit' ? 0 : f.exploit === 'known' ? 1 : 2);
  const place = (f: (typeof delta.newFindings)[number]): number => f.rank ?? Number.MAX_SAFE_INTEGER;
  const findings = [...delta.newFindings]
    .sort((a, b) => exploitRank(a) - exploitRank(b) || place(a) - place(b) || (a.severity === b.severity ? a.id.localeCompare(b.id) : a.severity === 'Critical' ? -1 : 1))
    .slice(0, MAX_FINDINGS)
    .map((f) => ({
      text: `${f.id} · ${f.image}`,
      detail: `${f.severity} · ${f.registryHost}${f.exploit === 'kit' ? ' · exploit in an exploit kit' : f.exploit === 'known' ? ' · known exploit' : ''}${f.fixable ? ' · fix available' : ''}`,
      color: f.severity === 'Critical' ? 'attention' : 'warning',
      url: portalResourceUrl(tenant, f.resourceId),
    }));
  // The digest's top: the images fix-first names first for the same scope, with the short reason of their rank.
  const top = (observation.fixFirst ?? []).map((t) => ({
    text: `#${t.rank} ${t.image}`,
    detail: `${t.critical} critical · ${t.high} high · ${t.reason}${t.upgrade ? ` · move to ${t.upgrade}` : ''}`,
    url: portalResourceUrl(tenant, t.resourceId),
  }));
  const stale = delta.newStale.slice(0, MAX_OTHER).map((i) => ({
    text: i.image,
    detail: `last pushed ${plural(i.ageDays, 'day')} ago · ${i.registryHost}`,
    url: portalResourceUrl(tenant, i.resourceId),
  }));
  const nonCompliant = (delta.newNonCompliant ?? []).slice(0, MAX_OTHER).map((r) => ({ text: r.name, detail: r.policy, url: portalResourceUrl(tenant, r.resourceId) }));
  const approvals = observation.approvals
    ? [
        ...observation.approvals.pending.map((a) => ({ text: a.title, detail: `approval pending · expires ${formatInZone(a.expiresAt, zone)}` })),
        ...observation.approvals.expiringSuppressions.map((s) => ({ text: s.title, detail: `suppression ends ${formatInZone(s.expiresAt, zone)}` })),
      ].slice(0, MAX_OTHER)
    : [];

  const kind = options.trigger === 'on-request' ? 'on request' : subscription.schedule.label;
  const next = options.nextRunAt ? `Next digest ${formatInZone(options.nextRunAt, zone)} (${zone}).` : '';
  const data = {
    title: `Security digest · ${env}`,
    understood: `${since} · ${kind} · ${view}`,
    ...limitsOf(subscription, observation),
    scope: delta.hidden > 0 ? `${observation.scopeLabel} · ${plural(delta.hidden, 'finding')} hidden by suppressions` : observation.scopeLabel,
    headline: lead.text,
    headlineColor: lead.color,
    facts,
    topHeading: 'Fix first',
    top,
    hasTop: top.length > 0,
    findingsHeading: `New criticals and highs (${delta.newFindings.length})`,
    findings,
    moreFindings: delta.newFindings.length > findings.length ? `…and ${delta.newFindings.length - findings.length} more.` : '',
    hasFindings: findings.length > 0,
    staleHeading: `Newly stale images (${delta.newStale.length})`,
    stale,
    hasStale: stale.length > 0,
    nonCompliantHeading: `Newly non-compliant (${delta.newNonCompliant?.length ?? 0})`,
    nonCompliant,
    hasNonCompliant: nonCompliant.length > 0,
    approvalsHeading: 'Approvals and suppressions',
    approvals,
    hasApprovals: approvals.length > 0,
    missing: observation.missing.length > 0 ? `Not read this time: ${observation.missing.slice(0, 4).join('; ')}${observation.missing.length > 4 ? '; …' : ''}. What the last digest saw there is kept.` : '',
    footer: `${next} Say “show digest settings” to change or stop it.`.trim(),
    subscriptionId: subscription.id,
    environmentQuestion: subscription.environment ? `critical findings in ${subscription.environment}` : 'critical findings',
    portalUrl: `${portalHomeUrl(tenant)}/blade/Microsoft_Azure_Security/SecurityMenuBlade/~/5`,
  };
  return { data, summary: `Security digest · ${env}: ${lead.text}` };
}

/**
 * The digest that could not be read (the identity cannot sign in, Azure refused): said plainly,
 * with what to do, in the same card shape. The previous snapshot stays, so nothing is skipped.
 */
export function problemCard(subscription: DigestSubscription, problem: string, hint: string, options: DigestCardOptions): DigestCard {
  const env = environmentLabel(subscription);
  const zone = subscription.schedule.timeZone;
  const view = subscription.identity === 'app' ? "ShipShape's read-only identity" : `${subscription.subscriber.name ?? 'the subscriber'}'s own access`;
  const next = options.nextRunAt ? `Next try ${formatInZone(options.nextRunAt, zone)} (${zone}).` : '';
  return {
    data: {
      title: `Security digest · ${env}`,
      understood: `${subscription.schedule.label} · read with ${view}`,
      scope: '',
      headline: `This digest could not be read: ${problem}`,
      headlineColor: 'attention',
      facts: [],
      topHeading: '',
      top: [],
      hasTop: false,
      findingsHeading: '',
      findings: [],
      moreFindings: '',
      hasFindings: false,
      staleHeading: '',
      stale: [],
      hasStale: false,
      nonCompliantHeading: '',
      nonCompliant: [],
      hasNonCompliant: false,
      approvalsHeading: '',
      approvals: [],
      hasApprovals: false,
      missing: hint,
      footer: `${next} The next digest covers everything since the last one that was read.`.trim(),
      subscriptionId: subscription.id,
      environmentQuestion: subscription.environment ? `critical findings in ${subscription.environment}` : 'critical findings',
      portalUrl: `${portalHomeUrl(subscription.tenantId ?? options.tenantId)}/blade/Microsoft_Azure_Security/SecurityMenuBlade/~/5`,
    },
    summary: `Security digest · ${env}: could not be read (${problem})`,
  };
}
