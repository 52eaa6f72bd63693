import { allowedEffect, policiesForTopic, type PolicyDefinitionInfo } from '../policy-catalog.js';
import type { DefinitionDetails, ParameterInfo } from './ports.js';

/**
 * Parameters of a policy assignment as people say them ("with effect Deny", `allowedContainerImagesRegex=^acr\.io/.+$`),
 * checked against the definition Azure serves: unknown names, values outside `allowedValues` and missing
 * required parameters are problems to tell the person, not requests to send.
 */

const EFFECT = /\beffect\s*(?:=|:|of|to|is)?\s*["“']?([A-Za-z]+)/i;
const PAIR = /(?<![\w.])([a-z][A-Za-z0-9]{1,63})\s*=\s*("[^"]*"|“[^”]*”|'[^']*'|[^\s;]+)/g;

function unquote(value: string): string {
  return value.replace(/,+$/, '').replace(/^["“']|["”']$/g, '');
}

function typed(name: string, raw: string, info: ParameterInfo | undefined): { value?: unknown; problem?: string } {
  const type = (info?.type ?? 'String').toLowerCase();
  if (type === 'integer' || type === 'float') {
    const n = Number(raw);
    return Number.isFinite(n) ? { value: n } : { problem: `${name} must be a number, not “${raw}”.` };
  }
  if (type === 'boolean') {
    if (/^(true|false)$/i.test(raw)) return { value: raw.toLowerCase() === 'true' };
    return { problem: `${name} must be true or false.` };
  }
  if (type === 'array') return { value: raw.split(/[,;]/).map((s) => s.trim()).filter(Boolean) };
  return { value: raw };
}

function allowed(name: string, value: unknown, info: ParameterInfo | undefined): { value?: unknown; problem?: string } {
  const values = info?.allowedValues;
  if (!values || values.length === 0) return { value };
  const same = values.filter((v) => String(v).toLowerCase() === String(value).toLowerCase());
  // Kubernetes definitions allow "deny" and "Deny": the exact spelling, else the capitalised one Azure shows.
  const match = same.find((v) => String(v) === String(value)) ?? same.find((v) => /^[A-Z]/.test(String(v))) ?? same[0];
  if (match !== undefined) return { value: match };
  return { problem: `${name} “${String(value)}” is not allowed; this definition takes ${values.map(String).join(', ')}.` };
}

/** Parameter values for the assignment, or the problems with what was asked. */
export function assignmentParameters(policy: PolicyDefinitionInfo, definition: DefinitionDetails | undefined, text: string): { parameters: Record<string, unknown>; problems: string[] } {
  const declared = definition?.parameters ?? {};
  const nameOf = (asked: string): string | undefined => Object.keys(declared).find((k) => k.toLowerCase() === asked.toLowerCase());
  const parameters: Record<string, unknown> = {};
  const problems: string[] = [];

  for (const m of text.matchAll(PAIR)) {
    const asked = m[1] ?? '';
    // The effect is read below, with the catalog to fall back on.
    if (asked.toLowerCase() === 'effect') continue;
    const name = nameOf(asked);
    if (!name) {
      problems.push(`“${asked}” is not a parameter of this definition${Object.keys(declared).length ? ` (it has ${Object.keys(declared).join(', ')})` : ''}.`);
      continue;
    }
    const t = typed(name, unquote(m[2] ?? ''), declared[name]);
    const checked = t.problem ? t : allowed(name, t.value, declared[name]);
    if (checked.problem) problems.push(checked.problem);
    else parameters[name] = checked.value;
  }

  const effect = EFFECT.exec(text)?.[1];
  if (effect && parameters.effect === undefined) {
    const name = nameOf('effect');
    const info = name ? declared[name] : undefined;
    // The catalog knows the allowed effects even when the definition could not be read.
    const spelled = info?.allowedValues ? allowed('effect', effect, info).value : allowedEffect(policy, effect);
    if (spelled === undefined) {
      const values = (info?.allowedValues ?? policy.allowedEffects).map(String);
      problems.push(`“${trimmed(policy.displayName)}” cannot use the effect ${effect}: it allows ${[...new Set(values)].join(', ')}.${enforcingHint(policy)}`);
    } else {
      parameters[name ?? 'effect'] = spelled;
    }
  }

  for (const [name, info] of Object.entries(declared)) {
    if (parameters[name] === undefined && info.defaultValue === undefined) problems.push(`${name} is required: add “${name}=…”.`);
  }
  return { parameters, problems };
}

export function trimmed(displayName: string): string {
  return displayName.replace(/\.\s*$/, '');
}

/** The definition of the same topic that blocks or fixes instead of only reporting, if any. */
export function enforcingTwin(policy: PolicyDefinitionInfo): PolicyDefinitionInfo | undefined {
  return policiesForTopic(policy.topic).find(
    (p) => p.name !== policy.name && !p.deprecated && (p.kind === 'modify' || p.kind === 'deploy' || p.allowedEffects.some((e) => e.toLowerCase() === 'deny')),
  );
}

function enforcingHint(policy: PolicyDefinitionInfo): string {
  const twin = enforcingTwin(policy);
  return twin ? ` To enforce it, assign “${trimmed(twin.displayName)}” (${twin.defaultEffect}).` : '';
}

/** What to know before approving an assignment of this definition with these parameters. */
export function assignmentWarnings(policy: PolicyDefinitionInfo, parameters: Record<string, unknown>): string[] {
  const warnings: string[] = [];
  const effect = String(parameters.effect ?? policy.defaultEffect);
  const canDeny = policy.allowedEffects.some((e) => e.toLowerCase() === 'deny');
  if (policy.kind === 'audit' && !canDeny) {
    warnings.push(`This definition can only audit (${policy.allowedEffects.join(', ')}): Azure reports what does not comply but blocks and fixes nothing.${enforcingHint(policy)}`);
  } else if (policy.kind === 'audit' && effect.toLowerCase() === 'audit') {
    warnings.push('With the effect Audit, Azure only reports what does not comply; say “with effect Deny” to block it.');
  }
  if (effect.toLowerCase() === 'deny') warnings.push('Deny blocks creating or changing resources that do not comply, including in pipelines.');
  if (policy.kind === 'modify' || policy.kind === 'deploy') {
    warnings.push('The assignment gets a system-assigned managed identity; it needs a role on the scope (for example Contributor) before remediation can change anything.');
  }
  if (policy.deprecated) warnings.push('This definition is deprecated.');
  return warnings;
}

/** The resource type a definition judges, for the blast radius. */
export function resourceTypeOf(policy: PolicyDefinitionInfo): string {
  const clusters = policy.category === 'Kubernetes' || policy.topic === 'running-image-vulnerability-assessment';
  return clusters ? 'Microsoft.ContainerService/managedClusters' : 'Microsoft.ContainerRegistry/registries';
}
