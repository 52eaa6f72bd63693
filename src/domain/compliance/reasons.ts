import { findPolicy } from '../policy-catalog.js';
import type { EvaluationEvidence, PolicyStateView } from './types.js';

/**
 * A failing policy state in one sentence, from Azure Policy's own evaluation details when there are
 * some ("adminUserEnabled is true"), else from what the built-in is about.
 */

/** `Microsoft.ContainerRegistry/registries/policies.exportPolicy.status` → `policies.exportPolicy.status`. */
export function shortField(expression: string): string {
  const slash = expression.lastIndexOf('/');
  return slash >= 0 ? expression.slice(slash + 1) : expression;
}

/** `policies.exportPolicy.status` → `export policy status`; `privateEndpointConnections[*]` → `private endpoint connections`. */
export function plainField(expression: string): string {
  return shortField(expression)
    .replace(/\[\*\]/g, '')
    .replace(/^policies\./, '')
    .split('.')
    .map((part) => (part === 'azureADAuthenticationAsArmPolicy' ? 'ARM audience token authentication' : part.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase()))
    .join(' ')
    .replace(/\bip\b/g, 'IP');
}

/** What a counted member must be, in words, for the built-ins whose `where` ShipShape knows. */
const COUNTED: readonly { field: RegExp; one: string; many: string }[] = [
  { field: /privateEndpointConnections\[\*\]$/i, one: 'approved private endpoint connection', many: 'approved private endpoint connections' },
];

function counted(expression: string, n: number): string {
  const known = COUNTED.find((c) => c.field.test(expression));
  const noun = known ? (n === 1 ? known.one : known.many) : `matching ${plainField(expression)}`;
  return `${n === 0 ? 'no' : n} ${noun}`;
}

function show(value: unknown): string {
  if (value === undefined || value === null) return 'not set';
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.length === 0 ? 'empty' : value.map(show).join(', ');
  return JSON.stringify(value);
}

const PHRASES: Readonly<Record<string, (target: string) => string>> = {
  Equals: (t) => `is ${t}`,
  NotEquals: (t) => `is not ${t}`,
  In: (t) => `is one of ${t}`,
  NotIn: (t) => `is not one of ${t}`,
  Less: (t) => `is below ${t}`,
  LessOrEquals: (t) => `is at most ${t}`,
  Greater: (t) => `is above ${t}`,
  GreaterOrEquals: (t) => `is at least ${t}`,
};

function fromExpressions(evidence: EvaluationEvidence): string | undefined {
  // The deciding conditions are the ones that held, apart from the resource-type test.
  const held = evidence.expressions.filter((e) => e.result === 'True' && e.expression.toLowerCase() !== 'type');
  const parts = held.map((e) => {
    if (e.kind === 'Count') {
      // Rules flag "fewer than N matching members": say what is needed.
      const want = e.operator === 'Less' ? `needs at least ${show(e.target)}` : (PHRASES[e.operator]?.(show(e.target)) ?? `${e.operator} ${show(e.target)}`);
      return `${counted(e.expression, Number(e.value))} (${want})`;
    }
    const name = e.kind === 'Field' ? plainField(e.expression) : e.expression;
    if (e.operator === 'Exists') return `${name} is not set`;
    // For a rule that flags `x notEquals 'Disabled'`, "x is Enabled (should be Disabled)" reads best.
    if (e.operator === 'NotEquals' || e.operator === 'NotIn') return `${name} is ${show(e.value)} (should be ${show(e.target)})`;
    return `${name} is ${show(e.value)}`;
  });
  return parts.length > 0 ? [...new Set(parts)].join('; ') : undefined;
}

function fromComponents(evidence: EvaluationEvidence): string | undefined {
  const components = evidence.components ?? [];
  const failing = components.filter((c) => c.state === 'NonCompliant');
  if (failing.length === 0) return undefined;
  const shown = failing.slice(0, 3).map((c) => `${c.name} (${c.id})`).join(', ');
  const more = failing.length > 3 ? ` and ${failing.length - 3} more` : '';
  return `${failing.length} of ${components.length} ${components.length === 1 ? 'container fails' : 'containers fail'}: ${shown}${more}`;
}

function fromIfNotExists(state: PolicyStateView, evidence: EvaluationEvidence): string | undefined {
  const details = evidence.ifNotExists;
  if (!details) return undefined;
  const topic = findPolicy(state.definitionName)?.topic;
  if (topic === 'registry-vulnerability-assessment' || topic === 'running-image-vulnerability-assessment') {
    return details.totalResources === 0 ? 'Defender has no vulnerability assessment for it' : 'Defender reports unresolved image vulnerabilities';
  }
  return details.totalResources === 0 ? 'the related resource the policy needs does not exist' : `none of the ${details.totalResources} related resources meets the policy`;
}

export function reasonFor(state: PolicyStateView): string {
  const evidence = state.evidence;
  const explained = evidence && (fromComponents(evidence) ?? fromIfNotExists(state, evidence) ?? fromExpressions(evidence));
  if (explained) return explained;
  const policy = findPolicy(state.definitionName);
  return policy ? `fails “${policy.topicLabel}”` : 'does not meet the policy';
}
