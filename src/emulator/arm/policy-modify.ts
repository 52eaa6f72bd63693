import type { ArmResource } from '../http/types.js';
import { armTypeOf } from './ids.js';
import { propertiesOf } from './policy-catalog.js';
import { resolveExpression } from './policy-evaluator.js';
import type { AssignedPolicy } from './policy-members.js';

/**
 * Applies a Modify policy's `details.operations` (`addOrReplace`, `add`, `remove`) to a resource body,
 * as a policy remediation does. Only plain alias paths are written (no `[*]` fan-out).
 */

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

const TOP_LEVEL = new Set(['tags', 'sku', 'identity', 'location', 'kind']);

/** Alias → path in the body (`Microsoft.ContainerRegistry/registries/adminUserEnabled` → properties.adminUserEnabled). */
function pathOf(resource: ArmResource, field: string): string[] | undefined {
  const type = (resource.type ?? armTypeOf(resource.id) ?? '').toLowerCase();
  let rest = field;
  if (field.toLowerCase().startsWith(`${type}/`)) rest = field.slice(type.length + 1);
  else if (field.includes('/')) return undefined;
  if (rest.includes('[*]')) return undefined;
  const parts = rest
    .replace(/\[['"]?([^\]'"]+)['"]?\]/g, '.$1')
    .split('.')
    .filter((p) => p !== '');
  const first = parts[0]?.toLowerCase();
  if (first === undefined) return undefined;
  return TOP_LEVEL.has(first) ? parts : ['properties', ...parts];
}

/** Finds an existing key case-insensitively so that stored casing is kept. */
function keyIn(o: Json, key: string): string {
  return Object.keys(o).find((k) => k.toLowerCase() === key.toLowerCase()) ?? key;
}

function write(target: Json, path: string[], operation: string, value: unknown): boolean {
  let node = target;
  for (const part of path.slice(0, -1)) {
    const key = keyIn(node, part);
    if (!isObject(node[key])) {
      if (operation === 'remove') return false;
      node[key] = {};
    }
    node = node[key] as Json;
  }
  const last = keyIn(node, path[path.length - 1] ?? '');
  if (operation === 'remove') {
    if (!(last in node)) return false;
    delete node[last];
    return true;
  }
  if (operation === 'add' && node[last] !== undefined) return false;
  node[last] = value;
  return true;
}

/** The Modify operations of a policy, or undefined when its effect is not Modify. */
export function modifyOperations(policy: AssignedPolicy): Json[] | undefined {
  if (policy.effect !== 'modify') return undefined;
  const rule = propertiesOf(policy.definition).policyRule;
  const then = isObject(rule) && isObject(rule.then) ? rule.then : {};
  const details = isObject(then.details) ? then.details : {};
  return Array.isArray(details.operations) ? details.operations.filter(isObject) : [];
}

/** A copy of `resource` with the operations applied; the same object when nothing changed. */
export function applyModify(resource: ArmResource, policy: AssignedPolicy): ArmResource {
  const operations = modifyOperations(policy) ?? [];
  const next = structuredClone(resource) as ArmResource;
  let changed = false;
  for (const op of operations) {
    const path = typeof op.field === 'string' ? pathOf(resource, op.field) : undefined;
    if (!path) continue;
    const value = resolveExpression(op.value, { resource, parameters: policy.parameters });
    changed = write(next, path, String(op.operation ?? '').toLowerCase(), value) || changed;
  }
  return changed ? next : resource;
}
