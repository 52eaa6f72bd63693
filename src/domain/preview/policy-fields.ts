/**
 * Where a policy `field` lives in an ARM resource body, by the rule Azure's alias catalogue follows
 * for the container definitions ShipShape assigns: `{type}/{path}` reads `properties.{path}` except
 * for top-level fields (`sku`, `location`, `tags`, …), and array members' `properties` envelopes are
 * looked through (`privateEndpointConnections[*].privateLinkServiceConnectionState.status`).
 * Names compare case-insensitively, as everywhere in Azure Policy.
 */

export type Json = Record<string, unknown>;

export function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const TOP_LEVEL = new Set(['id', 'name', 'type', 'location', 'kind', 'tags', 'sku', 'identity', 'plan', 'zones', 'managedby']);

/** `a.b[*].c` → ['a', 'b', '[*]', 'c']; `tags['x']` → ['tags', 'x']. */
export function splitPath(path: string): string[] {
  const parts: string[] = [];
  for (const raw of path.split('.')) {
    for (const m of raw.matchAll(/([^[\]]+)|\[\*\]|\[['"]?([^\]'"]+)['"]?\]/g)) parts.push(m[0] === '[*]' ? '[*]' : (m[1] ?? m[2] ?? ''));
  }
  return parts.filter((p) => p !== '');
}

function typeOf(resource: Json): string {
  return String(resource.type ?? '').toLowerCase();
}

/** Body path segments of a field on a resource; undefined when the alias belongs to another type. */
export function fieldPath(resource: Json, field: string): string[] | undefined {
  const lower = field.toLowerCase();
  if (!lower.includes('/')) {
    const parts = splitPath(field);
    return TOP_LEVEL.has((parts[0] ?? '').toLowerCase()) ? parts : ['properties', ...parts];
  }
  const type = typeOf(resource);
  if (!lower.startsWith(`${type}/`)) return undefined;
  const rest = field.slice(type.length + 1);
  if (rest.includes('/')) return undefined;
  const parts = splitPath(rest);
  return TOP_LEVEL.has((parts[0] ?? '').toLowerCase()) ? parts : ['properties', ...parts];
}

function getKey(o: unknown, key: string, lookThrough: boolean): unknown {
  if (!isObject(o)) return undefined;
  const k = Object.keys(o).find((name) => name.toLowerCase() === key.toLowerCase());
  if (k !== undefined) return o[k];
  return lookThrough && isObject(o.properties) ? getKey(o.properties, key, false) : undefined;
}

/** Values reached by a path; `many` when it went through `[*]`. Inside arrays, `properties` envelopes are looked through. */
export function readPath(root: unknown, segments: readonly string[]): { values: unknown[]; many: boolean } {
  let values: unknown[] = [root];
  let many = false;
  let inArray = false;
  for (const part of segments) {
    if (part === '[*]') {
      many = true;
      inArray = true;
      values = values.flatMap((v) => (Array.isArray(v) ? v : []));
    } else {
      values = values.map((v) => getKey(v, part, inArray));
    }
  }
  return { values, many };
}
