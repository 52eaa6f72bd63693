import { z } from 'zod';

/**
 * The dependency audit policy, as code: an advisory of high or critical severity in a production
 * dependency fails CI unless an unexpired exception names it. Exceptions live in
 * .ci/audit-exceptions.json with a reason and an expiry date, so every one is reviewed again.
 */

export const FAILING_SEVERITIES = ['high', 'critical'] as const;

const exceptionSchema = z.object({
  /** GHSA id of the advisory, e.g. GHSA-xxxx-xxxx-xxxx. */
  advisory: z.string().regex(/^GHSA(-[23456789cfghjmpqrvwx]{4}){3}$/, 'must be a GHSA id'),
  /** The vulnerable package the exception covers. */
  package: z.string().min(1),
  /** Why the advisory does not apply to ShipShape, or what is being done about it. */
  reason: z.string().min(20, 'must say why (20 characters at least)'),
  /** YYYY-MM-DD; after it the exception no longer counts and CI fails until it is reviewed. */
  expires: z.iso.date(),
  recordedBy: z.string().min(1),
});

export const exceptionsFileSchema = z.object({ exceptions: z.array(exceptionSchema) });
export type AuditException = z.infer<typeof exceptionSchema>;

/** One advisory as `npm audit --json` (report version 2) lists it under a package's `via`. */
interface Advisory {
  source?: number;
  name?: string;
  title?: string;
  url?: string;
  severity?: string;
  range?: string;
}

export interface AuditFinding {
  package: string;
  advisory: string;
  severity: string;
  title: string;
}

export interface AuditDecision {
  /** The audit service answered: the report could be judged. */
  reachable: boolean;
  failures: AuditFinding[];
  excepted: AuditFinding[];
  /** Exceptions that no longer count (expired) or no longer match anything (can be removed). */
  stale: string[];
  /** Advisories below the failing severities, for the log. */
  below: AuditFinding[];
}

function advisoryId(advisory: Advisory): string {
  const ghsa = /GHSA(-[a-z0-9]{4}){3}/i.exec(advisory.url ?? '')?.[0];
  return ghsa ?? (advisory.source === undefined ? 'unknown' : `npm-${advisory.source}`);
}

/** Reads an `npm audit --json` report; anything else (an error body, no JSON) counts as unreachable. */
export function findingsOf(report: unknown): AuditFinding[] | undefined {
  if (typeof report !== 'object' || report === null || !('vulnerabilities' in report)) return undefined;
  const vulnerabilities = (report as { vulnerabilities: unknown }).vulnerabilities;
  if (typeof vulnerabilities !== 'object' || vulnerabilities === null) return undefined;
  const findings = new Map<string, AuditFinding>();
  for (const [pkg, entry] of Object.entries(vulnerabilities as Record<string, { via?: unknown[] }>)) {
    // A `via` that is a string names another vulnerable package: the advisory is listed there.
    for (const via of entry.via ?? []) {
      if (typeof via !== 'object' || via === null) continue;
      const advisory = via as Advisory;
      const finding = { package: advisory.name ?? pkg, advisory: advisoryId(advisory), severity: (advisory.severity ?? 'unknown').toLowerCase(), title: advisory.title ?? '' };
      findings.set(`${finding.package} ${finding.advisory}`, finding);
    }
  }
  return [...findings.values()];
}

export function decide(report: unknown, exceptions: readonly AuditException[], today: Date): AuditDecision {
  const findings = findingsOf(report);
  if (!findings) return { reachable: false, failures: [], excepted: [], stale: [], below: [] };
  const day = today.toISOString().slice(0, 10);
  const live = exceptions.filter((e) => e.expires >= day);
  const stale = exceptions.filter((e) => e.expires < day).map((e) => `${e.advisory} (${e.package}) expired on ${e.expires}`);
  const failing = findings.filter((f) => (FAILING_SEVERITIES as readonly string[]).includes(f.severity));
  const covered = (f: AuditFinding) => live.some((e) => e.advisory.toLowerCase() === f.advisory.toLowerCase() && e.package === f.package);
  for (const e of live) {
    if (!findings.some((f) => f.advisory.toLowerCase() === e.advisory.toLowerCase() && f.package === e.package)) stale.push(`${e.advisory} (${e.package}) no longer reported: remove the exception`);
  }
  return {
    reachable: true,
    failures: failing.filter((f) => !covered(f)),
    excepted: failing.filter(covered),
    stale,
    below: findings.filter((f) => !failing.includes(f)),
  };
}
