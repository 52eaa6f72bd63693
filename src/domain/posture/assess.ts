import type { ArmChange, CheckId, Outcome, PostureCheck } from './check-types.js';
import { adminUser, anonymousPull, armAudienceTokens, sku } from './checks-access.js';
import { contentTrust, customerManagedKey, exportPolicy, quarantine, retention } from './checks-content.js';
import { dataEndpoints, networkRules, privateLink, publicNetwork } from './checks-network.js';
import { isPremium, type RegistrySnapshot } from './registry.js';

/** Every check, in checklist order. */
export const CHECKS: readonly PostureCheck[] = [
  customerManagedKey,
  privateLink,
  publicNetwork,
  networkRules,
  dataEndpoints,
  adminUser,
  anonymousPull,
  contentTrust,
  quarantine,
  retention,
  exportPolicy,
  armAudienceTokens,
  sku,
];

export function checkById(id: CheckId): PostureCheck {
  return CHECKS.find((c) => c.id === id) as PostureCheck;
}

/**
 * How much a failure weighs when ranking registries: open doors (anonymous pull, a shared admin
 * password, the public internet) before missing hardening.
 */
const WEIGHT: Readonly<Partial<Record<CheckId, number>>> = {
  'anonymous-pull': 5,
  'admin-user': 4,
  'public-network': 4,
  'network-rules': 3,
  'private-link': 3,
  'arm-audience-tokens': 2,
  export: 2,
  'customer-managed-key': 2,
};

export interface CheckResult {
  check: PostureCheck;
  outcome: Outcome;
  detail: string;
  /** The request that would fix it, when one request can. */
  change?: ArmChange;
}

export interface RegistryPosture {
  registry: RegistrySnapshot;
  results: CheckResult[];
  /** Failed checks, Premium-only ones included. */
  failing: number;
  warnings: number;
  /** Weighted failures, for ranking. */
  risk: number;
}

export function isFailure(outcome: Outcome): boolean {
  return outcome === 'fail' || outcome === 'needs-premium';
}

function resultOf(check: PostureCheck, registry: RegistrySnapshot): CheckResult {
  const { outcome, detail } = check.evaluate(registry);
  if (outcome === 'fail' && check.premiumOnly && !isPremium(registry)) {
    // Missing, and it cannot simply be switched on: no change is proposed.
    return { check, outcome: 'needs-premium', detail };
  }
  const change = outcome === 'fail' ? check.fix?.(registry) : undefined;
  return change ? { check, outcome, detail, change } : { check, outcome, detail };
}

export function assessRegistry(registry: RegistrySnapshot): RegistryPosture {
  const results = CHECKS.map((check) => resultOf(check, registry));
  const failed = results.filter((r) => isFailure(r.outcome));
  return {
    registry,
    results,
    failing: failed.length,
    warnings: results.filter((r) => r.outcome === 'warn').length,
    risk: failed.reduce((sum, r) => sum + (WEIGHT[r.check.id] ?? 1), 0),
  };
}

export interface CheckSummary {
  check: PostureCheck;
  passing: number;
  total: number;
}

export interface PostureSummary {
  byCheck: CheckSummary[];
  /** Highest risk first, then most failures, then by name. */
  worstFirst: RegistryPosture[];
  /** Registries passing every check. */
  clean: number;
}

export function summarizePosture(postures: readonly RegistryPosture[]): PostureSummary {
  const byCheck = CHECKS.map((check) => ({
    check,
    passing: postures.filter((p) => !isFailure(p.results.find((r) => r.check.id === check.id)?.outcome ?? 'fail')).length,
    total: postures.length,
  }));
  const worstFirst = [...postures].sort(
    (a, b) => b.risk - a.risk || b.failing - a.failing || b.warnings - a.warnings || a.registry.name.localeCompare(b.registry.name),
  );
  return { byCheck, worstFirst, clean: postures.filter((p) => p.failing === 0).length };
}
