import type { PolicyTopic } from '../policy-catalog.js';
import { isObject, type Json } from './policy-fields.js';
import { holds, resolveValue, UnsupportedRule } from './policy-rule.js';

/**
 * What assigning a definition would report for each resource in scope, computed from the proposed
 * definition's own rule, effect and parameters against the resources as read now: the evaluation the
 * compliance answer shows once the assignment exists. What no assignment can fix on its own (a SKU
 * that lacks the feature) is said too.
 */

export interface ProposedDefinition {
  policyRule: unknown;
  /** Declared parameters with their defaults. */
  parameters: Readonly<Record<string, { defaultValue?: unknown }>>;
}

export type Outcome = 'non-compliant' | 'compliant';

export interface ResourcePreview {
  id: string;
  name: string;
  outcome: Outcome;
  /** Why it cannot comply through this assignment alone ("needs the Premium SKU; it is Standard"). */
  blocked?: string;
}

export type PolicyPreview =
  | { kind: 'evaluated'; effect: string; resources: ResourcePreview[] }
  | { kind: 'disabled'; effect: string }
  | { kind: 'not-previewable'; reason: string };

/** Registry features only the Premium SKU has, by the topic of the definitions that ask for them. */
const PREMIUM_ONLY: Partial<Record<PolicyTopic, string>> = {
  'private-link': 'private link',
  'network-rules': 'network rules',
  'public-network-access': 'turning off public network access',
  exports: 'export policies',
  'customer-managed-key': 'customer-managed keys',
};

function typesNamed(condition: unknown): string[] {
  if (!isObject(condition)) return [];
  const entries = new Map(Object.entries(condition).map(([k, v]) => [k.toLowerCase(), v]));
  const all = entries.get('allof');
  if (Array.isArray(all)) return all.flatMap(typesNamed);
  if (String(entries.get('field') ?? '').toLowerCase() !== 'type') return [];
  const v = entries.get('equals') ?? entries.get('in');
  return (Array.isArray(v) ? v : [v]).filter((t): t is string => typeof t === 'string').map((t) => t.toLowerCase());
}

/** Related resources an `…IfNotExists` effect looks for, when they live in the resource's own body. */
function related(resource: Json, type: string): Json[] | undefined {
  const own = String(resource.type ?? '').toLowerCase();
  if (type.toLowerCase() !== `${own}/privateendpointconnections`) return undefined;
  const props = isObject(resource.properties) ? resource.properties : {};
  const list = Array.isArray(props.privateEndpointConnections) ? props.privateEndpointConnections : [];
  return list.filter(isObject).map((c) => ({ ...c, type }));
}

export function previewPolicy(definition: ProposedDefinition, assigned: Readonly<Record<string, unknown>>, resources: readonly Json[], topic?: PolicyTopic): PolicyPreview {
  const parameters: Record<string, unknown> = {};
  for (const [name, p] of Object.entries(definition.parameters)) if (p.defaultValue !== undefined) parameters[name] = p.defaultValue;
  Object.assign(parameters, assigned);
  const rule = isObject(definition.policyRule) ? definition.policyRule : {};
  const then = isObject(rule.then) ? rule.then : {};
  const effect = String(resolveValue(then.effect, { resource: {}, parameters }) ?? '');
  const lower = effect.toLowerCase();
  if (lower === 'disabled') return { kind: 'disabled', effect };

  const types = typesNamed(rule.if);
  const readTypes = new Set(resources.map((r) => String(r.type ?? '').toLowerCase()));
  if (types.length === 0 || !types.some((t) => readTypes.has(t))) {
    return { kind: 'not-previewable', reason: `it evaluates ${types.join(', ') || 'resources'} that ShipShape does not read for previews` };
  }
  const details = isObject(then.details) ? then.details : {};
  const needsRelated = lower === 'auditifnotexists' || lower === 'deployifnotexists';
  try {
    const out: ResourcePreview[] = [];
    for (const resource of resources) {
      const input = { resource, parameters };
      let failing = holds(rule.if, input);
      if (failing && needsRelated) {
        const children = related(resource, String(details.type ?? ''));
        if (!children) return { kind: 'not-previewable', reason: `its ${effect} effect looks for ${String(details.type)} resources, which ShipShape does not read for previews` };
        const condition = details.existenceCondition;
        failing = !children.some((child) => condition === undefined || holds(condition, { resource: child, parameters }));
      }
      const sku = isObject(resource.sku) ? String(resource.sku.name ?? '') : '';
      const feature = topic ? PREMIUM_ONLY[topic] : undefined;
      const blocked = failing && feature && sku !== '' && sku.toLowerCase() !== 'premium' ? `${feature} needs the Premium SKU; it is ${sku}` : undefined;
      out.push({ id: String(resource.id ?? ''), name: String(resource.name ?? ''), outcome: failing ? 'non-compliant' : 'compliant', ...(blocked ? { blocked } : {}) });
    }
    return { kind: 'evaluated', effect, resources: out };
  } catch (error) {
    if (error instanceof UnsupportedRule) return { kind: 'not-previewable', reason: `its rule uses ${error.message}` };
    throw error;
  }
}

/** Registry settings ACR refuses below Premium, checked on the registry as it would be after a change. */
export function registrySkuRefusal(after: Json): string | undefined {
  const sku = isObject(after.sku) && typeof after.sku.name === 'string' ? after.sku.name : 'Basic';
  if (sku.toLowerCase() === 'premium') return undefined;
  const p = isObject(after.properties) ? after.properties : {};
  if (typeof p.publicNetworkAccess === 'string' && p.publicNetworkAccess.toLowerCase() === 'disabled') return `turning off public network access needs the Premium SKU; it is ${sku}`;
  if (p.dataEndpointEnabled === true) return `dedicated data endpoints need the Premium SKU; it is ${sku}`;
  return undefined;
}

/** The registry body a settings change would leave: SKU replaced, properties merged. */
export function registryAfter(before: Json, settings: Readonly<Record<string, unknown>>): Json {
  const { sku, ...properties } = settings;
  return {
    ...before,
    ...(typeof sku === 'string' ? { sku: { ...(isObject(before.sku) ? before.sku : {}), name: sku, tier: sku } } : {}),
    properties: { ...(isObject(before.properties) ? before.properties : {}), ...properties },
  };
}
