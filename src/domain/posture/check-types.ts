import { findPolicy } from '../policy-catalog.js';
import type { RegistrySnapshot } from './registry.js';

/** The rows of a registry's checklist, in the order the card shows them. */
export const CHECK_IDS = [
  'customer-managed-key',
  'private-link',
  'public-network',
  'network-rules',
  'data-endpoints',
  'admin-user',
  'anonymous-pull',
  'content-trust',
  'quarantine',
  'retention',
  'export',
  'arm-audience-tokens',
  'sku',
] as const;

export type CheckId = (typeof CHECK_IDS)[number];

export function isCheckId(value: unknown): value is CheckId {
  return typeof value === 'string' && (CHECK_IDS as readonly string[]).includes(value);
}

/**
 * `needs-premium`: the registry fails the check and cannot pass it on its SKU; the answer says so
 * instead of proposing a change Azure would refuse.
 */
export type Outcome = 'pass' | 'warn' | 'fail' | 'needs-premium';

/** A built-in policy that audits, denies or configures what a check looks at. */
export interface PolicyRef {
  displayName: string;
  /** `/providers/Microsoft.Authorization/policyDefinitions/{guid}` */
  definitionId: string;
  /** What the policy does when assigned: `audit` (or deny), `modify`, `deploy`. */
  kind: string;
}

/** A change to Azure that would make the check pass: one ARM request, exactly as it would be sent. */
export interface ArmChange {
  method: 'PATCH' | 'PUT';
  resourceId: string;
  body: Record<string, unknown>;
  /** What it does, in a sentence. */
  summary: string;
  /** What to know before approving it (cost, lost access…). */
  caution?: string;
}

export interface Evaluation {
  outcome: 'pass' | 'warn' | 'fail';
  /** What the registry's properties say, in words. */
  detail: string;
}

export interface PostureCheck {
  id: CheckId;
  title: string;
  /** One line: why this matters. */
  why: string;
  /** The feature exists on Premium registries only. */
  premiumOnly: boolean;
  policies: readonly PolicyRef[];
  evaluate(registry: RegistrySnapshot): Evaluation;
  /** The change that fixes a failing registry, or undefined when no single request can. */
  fix?(registry: RegistrySnapshot): ArmChange | undefined;
  /** What to do when no change can be proposed. */
  advice: string;
}

/** Policy references by the catalog's readable ids; a wrong id is a start-up error, not a blank row. */
export function policies(...ids: string[]): PolicyRef[] {
  return ids.map((id) => {
    const policy = findPolicy(id);
    if (!policy) throw new Error(`Unknown built-in policy ${id}`);
    return { displayName: policy.displayName, definitionId: policy.definitionId, kind: policy.kind };
  });
}

/** `properties` PATCH of a registry (RegistryUpdateParameters). */
export function patch(registry: RegistrySnapshot, properties: Record<string, unknown>, summary: string, caution?: string): ArmChange {
  return { method: 'PATCH', resourceId: registry.id, body: { properties }, summary, ...(caution ? { caution } : {}) };
}
