import type { ApprovalsDigestPort } from '../digest/ports.js';
import type { SuppressionStore } from '../suppressions/index.js';
import type { ApprovalService } from './approval-service.js';

const DAY_MS = 86_400_000;

/**
 * What digests report of approvals: requests still waiting for a decision, and suppressions that end
 * within `warnDays` (default 7), so hidden findings do not come back unannounced.
 */
export function approvalsDigestPort(approvals: ApprovalService, suppressions: SuppressionStore, warnDays = 7): ApprovalsDigestPort {
  return {
    async open(_viewer, environment, now) {
      // A digest for one environment lists only the changes inside it.
      const inside = (await approvals.open()).filter((r) => environment === undefined || (r.environments ?? []).includes(environment));
      const pending = inside.map((r) => ({ id: r.id, title: r.title, expiresAt: r.expiresAt }));
      const until = now.getTime() + warnDays * DAY_MS;
      const expiringSuppressions = (await suppressions.active(now))
        .filter((s) => Date.parse(s.expiresAt) <= until)
        .map((s) => ({ id: s.id, title: `${s.cveId} on ${s.registry ? `${s.registry}/` : ''}${s.repository}`, expiresAt: s.expiresAt }));
      return { pending, expiringSuppressions };
    },
  };
}
