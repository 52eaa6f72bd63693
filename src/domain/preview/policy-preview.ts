import type { PolicyTopic } from '../policy-catalog.js';
import { isObject, type Json } from './policy-fields.js';
import { holds, resolveValue, UnsupportedRule } from './policy-rule.js';
import { kubernetesTemplate, previewClusters, type ClusterView } from './kubernetes-preview.js';

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
  /** `Indexed`, `All`, `Microsoft.Kubernetes.Data`, … */
  mode?: string;
}

/** `not-reported`: the assignment records no state for it (the rule does not apply, or nothing is judged). */
export type Outcome = 'non-compliant' | 'compliant' | 'not-reported';

export interface ResourcePreview {
  id: string;
  name: string;
  outcome: Outcome;
  /** Why it cannot comply through this assignment alone ("needs the Premium SKU; it is Standard"). */
  blocked?: string;
  /** What the verdict rests on, in plain words ("no approved private endpoint connection"). */
  why?: string;
}

/**
 * What the caller read for the resources in scope beyond their own bodies: related resources an
 * `…IfNotExists` effect looks for (undefined when that type was not read), and clusters' running containers.
 */
export interface PreviewContext {
  related?: (resource: Json, type: string, name: string | undefined) => Json[] | undefined;
  clusters?: readonly ClusterView[];
}

export type PolicyPreview =
  | { kind: 'evaluated'; effect: string; resources: ResourcePreview[] }
  | { kind: 'disabled'; effect: string }
  /** `otherTypes`: the rule judges none of the resources read for the scope. */
  | { kind: 'not-previewable'; reason: string; otherTypes?: boolean };

/** Registry features only the Premium SKU has, by the topic of the definitions that ask for them. */
const PREMIUM_ONLY: Partial<Record<PolicyTopic, string>> = {
  'private-link': 'private link',
  'network-rules': 'network rules',
  'public-network-access': 'turning off public network access',
  exports: 'export policies',
  'customer-managed-key': 'customer-managed keys',
};

/** Resource types the rule's `if` selects by `field: type`, lower-cased unless asked for as written. */
export function typesNamed(condition: unknown, asWritten = false): string[] {
  if (!isObject(condition)) return [];
  const entries = new Map(Object.entries(condition).map(([k, v]) => [k.toLowerCase(), v]));
  const all = entries.get('allof');
  if (Array.isArray(all)) return all.flatMap((c) => typesNamed(c, asWritten));
  if (String(entries.get('field') ?? '').toLowerCase() !== 'type') return [];
  const v = entries.get('equals') ?? entries.get('in');
  return (Array.isArray(v) ? v : [v]).filter((t): t is string => typeof t === 'string').map((t) => (asWritten ? t : t.toLowerCase()));
}

/** Children an `…IfNotExists` effect looks for when ARM returns them inside the resource's own body. */
function inlineChildren(resource: Json, type: string): Json[] | undefined {
  const own = String(resource.type ?? '').toLowerCase();
  if (!type.toLowerCase().startsWith(`${own}/`)) return undefined;
  const child = type.split('/').pop() ?? '';
  const props = isObject(resource.properties) ? resource.properties : {};
  const key = Object.keys(props).find((k) => k.toLowerCase() === child.toLowerCase());
  // As ARM returns them: absent when there are none.
  const list = key !== undefined && Array.isArray(props[key]) ? (props[key] as unknown[]) : [];
  return list.filter(isObject).map((c) => ({ ...c, type }));
}

function relatedOf(resource: Json, details: Json, context: PreviewContext): Json[] | undefined {
  const type = String(details.type ?? '');
  const name = typeof details.name === 'string' ? details.name : undefined;
  // As Azure Policy sees them: the related resources read on their own and those inside the body.
  const stored = context.related?.(resource, type, name);
  const inline = inlineChildren(resource, type);
  if (stored === undefined && inline === undefined) return undefined;
  const read = [...(stored ?? []), ...(inline ?? [])];
  if (name === undefined) return read;
  return read.filter((r) => String(r.name ?? String(r.id ?? '').split('/').pop()).toLowerCase() === name.toLowerCase());
}

/** Effective parameters: the assignment's values over the definition's defaults. */
export function effectiveParameters(definition: ProposedDefinition, assigned: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const parameters: Record<string, unknown> = {};
  for (const [name, p] of Object.entries(definition.parameters)) if (p.defaultValue !== undefined) parameters[name] = p.defaultValue;
  for (const [name, value] of Object.entries(assigned)) {
    const declared = Object.keys(parameters).find((k) => k.toLowerCase() === name.toLowerCase());
    if (declared !== undefined) delete parameters[declared];
    parameters[name] = value;
  }
  return parameters;
}

function skuBlock(resource: Json, topic: PolicyTopic | undefined): string | undefined {
  const sku = isObject(resource.sku) ? String(resource.sku.name ?? '') : '';
  const feature = topic ? PREMIUM_ONLY[topic] : undefined;
  return feature && sku !== '' && sku.toLowerCase() !== 'premium' ? `${feature} needs the Premium SKU; it is ${sku}` : undefined;
}

export function previewPolicy(
  definition: ProposedDefinition,
  assigned: Readonly<Record<string, unknown>>,
  resources: readonly Json[],
  topic?: PolicyTopic,
  context: PreviewContext = {},
): PolicyPreview {
  const parameters = effectiveParameters(definition, assigned);
  const rule = isObject(definition.policyRule) ? definition.policyRule : {};
  const then = isObject(rule.then) ? rule.then : {};
  const effect = String(resolveValue(then.effect, { resource: {}, parameters }) ?? '');
  const lower = effect.toLowerCase();
  if (lower === 'disabled') return { kind: 'disabled', effect };

  if ((definition.mode ?? '').toLowerCase() === 'microsoft.kubernetes.data') {
    const template = kubernetesTemplate(rule);
    if (!template) return { kind: 'not-previewable', reason: 'it installs a Gatekeeper template ShipShape does not know, which judges objects only the cluster sees' };
    if (!context.clusters) return { kind: 'not-previewable', reason: 'the clusters in scope and their running containers could not be read' };
    const applies = context.clusters.filter((c) => resources.some((r) => String(r.id).toLowerCase() === c.id.toLowerCase() && holds(rule.if, { resource: r, parameters })));
    return { kind: 'evaluated', effect, resources: previewClusters(template, parameters, applies) };
  }

  const types = typesNamed(rule.if);
  const readTypes = new Set(resources.map((r) => String(r.type ?? '').toLowerCase()));
  if (types.length === 0 || (resources.length > 0 && !types.some((t) => readTypes.has(t)))) {
    const details = isObject(then.details) ? then.details : {};
    const beside = typeof details.type === 'string' ? ` and looks for ${details.type} beside each` : '';
    const judged = typesNamed(rule.if, true).join(', ') || 'resources';
    return {
      kind: 'not-previewable',
      reason: `it judges ${judged} resources${beside}, which ShipShape does not read, so it cannot tell which exist in scope or how they would fare`,
      otherTypes: true,
    };
  }
  const details = isObject(then.details) ? then.details : {};
  const ifNotExists = lower === 'auditifnotexists' || lower === 'deployifnotexists';
  try {
    const out: ResourcePreview[] = [];
    for (const resource of resources) {
      const base = { id: String(resource.id ?? ''), name: String(resource.name ?? '') };
      const matched = holds(rule.if, { resource, parameters });
      const block = skuBlock(resource, topic);
      if (!ifNotExists) {
        out.push({ ...base, outcome: matched ? 'non-compliant' : 'compliant', ...(matched && block ? { blocked: block } : {}) });
        continue;
      }
      // The *IfNotExists effects record nothing for resources their `if` does not select.
      if (!matched) {
        out.push({ ...base, outcome: 'not-reported', why: 'the rule does not select it', ...(block ? { blocked: block } : {}) });
        continue;
      }
      const children = relatedOf(resource, details, context);
      if (!children) return { kind: 'not-previewable', reason: `its ${effect} effect looks for ${String(details.type)} resources, which ShipShape does not read for previews` };
      const condition = details.existenceCondition;
      const found = children.some((child) => condition === undefined || holds(condition, { resource: child, parameters }));
      const assessment = String(details.type ?? '').toLowerCase() === 'microsoft.security/assessments';
      const status = assessment && children.length === 1 ? statusOf(children[0] as Json) : undefined;
      const why = found ? undefined : children.length === 0 ? `no ${relatedNoun(details)} exists` : status ? `its Defender assessment is ${status}` : `no ${relatedNoun(details)} meets the existence condition`;
      // Only Defender for Cloud creates its assessments: nothing done to the resource itself makes one appear.
      const unassessed = !found && children.length === 0 && assessment;
      const blocked = block ?? (unassessed ? 'needs Defender for Cloud to assess it first' : undefined);
      out.push({ ...base, outcome: found ? 'compliant' : 'non-compliant', ...(why ? { why } : {}), ...(!found && blocked ? { blocked } : {}) });
    }
    return { kind: 'evaluated', effect, resources: out };
  } catch (error) {
    if (error instanceof UnsupportedRule) return { kind: 'not-previewable', reason: `its rule uses ${error.message}` };
    throw error;
  }
}

function statusOf(assessment: Json): string | undefined {
  const props = isObject(assessment.properties) ? assessment.properties : {};
  const code = isObject(props.status) ? props.status.code : undefined;
  return typeof code === 'string' ? code : undefined;
}

/** "Defender assessment", "private endpoint connection": the related type in words. */
function relatedNoun(details: Json): string {
  const type = String(details.type ?? '').toLowerCase();
  if (type === 'microsoft.security/assessments') return 'Defender assessment';
  const last = type.split('/').pop() ?? 'related resource';
  return last.replace(/s$/, '').replace(/([a-z])([A-Z])/g, '$1 $2').replace(/privateendpointconnection/, 'private endpoint connection');
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
