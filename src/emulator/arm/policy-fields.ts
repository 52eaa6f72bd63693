import type { ArmResource } from '../http/types.js';
import { resolveField, resourceTypeOf } from './policy-aliases.js';

/**
 * Reads what a policy `field` names on a resource. `[*]` fans out over array members; inside a
 * `count … where`, fields that start with the counted alias read the member being counted (and a
 * shorter prefix reads the enclosing member), as Azure Policy's nested counts do.
 */

type Json = Record<string, unknown>;

export function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function keyOf(o: Json, key: string): string | undefined {
  const k = key.toLowerCase();
  return Object.keys(o).find((name) => name.toLowerCase() === k);
}

function getKey(o: unknown, key: string, lenient: boolean): unknown {
  if (!isObject(o)) return undefined;
  const found = keyOf(o, key);
  if (found !== undefined) return o[found];
  // The fallback rule skips the `properties` envelope of nested ARM objects (connections etc.).
  return lenient && isObject(o.properties) ? getKey(o.properties, key, false) : undefined;
}

/** One value a path reached, with the array member it went through at each `[*]`. */
export interface Reached {
  value: unknown;
  members: unknown[];
}

/** Walks `segments` from `root`; `many` is true when the path fanned out over an array. */
export function walk(root: unknown, segments: readonly string[], lenient: boolean, members: unknown[] = []): { reached: Reached[]; many: boolean } {
  let reached: Reached[] = [{ value: root, members }];
  let many = false;
  for (const part of segments) {
    if (part === '[*]') {
      many = true;
      reached = reached.flatMap((r) => (Array.isArray(r.value) ? r.value.map((v) => ({ value: v, members: [...r.members, v] })) : []));
    } else {
      reached = reached.map((r) => ({ value: getKey(r.value, part, lenient), members: r.members }));
    }
  }
  return { reached, many };
}

/** While evaluating `count.where`: the counted path (one prefix per `[*]`) and the current member chain. */
export interface CountScope {
  /** Resolved path up to and including each `[*]` of the counted field, lower case. */
  prefixes: string[][];
  members: unknown[];
}

/** Prefixes of a resolved path that end at a `[*]`. */
export function memberPrefixes(segments: readonly string[]): string[][] {
  const prefixes: string[][] = [];
  segments.forEach((s, i) => {
    if (s === '[*]') prefixes.push(segments.slice(0, i + 1).map((p) => p.toLowerCase()));
  });
  return prefixes;
}

function startsWith(path: readonly string[], prefix: readonly string[]): boolean {
  return prefix.length <= path.length && prefix.every((p, i) => p === path[i]?.toLowerCase());
}

export interface FieldRead {
  /** The single value, or every reached value when `many`. */
  value: unknown;
  many: boolean;
  /** The body path read, for evaluation details (`properties.adminUserEnabled`). */
  path: string;
}

function pathText(segments: readonly string[]): string {
  return segments.join('.').replace(/\.\[\*\]/g, '[*]');
}

/** The value a policy `field` names on a resource (aliases like `Microsoft.X/type/prop.sub`). */
export function readField(resource: ArmResource, field: string, scope?: CountScope): FieldRead {
  const lower = field.toLowerCase();
  if (lower === 'type') return { value: resourceTypeOf(resource), many: false, path: 'type' };
  const resolved = resolveField(resource, field);
  if (!resolved) return { value: undefined, many: false, path: field };
  const path = pathText(resolved.segments);
  if (scope) {
    // The deepest counted member this field starts from.
    for (let level = scope.prefixes.length - 1; level >= 0; level--) {
      const prefix = scope.prefixes[level] ?? [];
      if (!startsWith(resolved.segments, prefix)) continue;
      const member = scope.members[level];
      const rest = resolved.segments.slice(prefix.length);
      const { reached, many } = walk(member, rest, !resolved.exact);
      return many ? { value: reached.map((r) => r.value), many, path } : { value: reached[0]?.value, many, path };
    }
  }
  const { reached, many } = walk(resource, resolved.segments, !resolved.exact);
  return many ? { value: reached.map((r) => r.value), many, path } : { value: reached[0]?.value, many, path };
}

/** The members a counted field reaches, each with its chain of enclosing members. */
export function countedMembers(resource: ArmResource, field: string, outer?: CountScope): { scope: Omit<CountScope, 'members'>; members: unknown[][] } | undefined {
  const resolved = resolveField(resource, field);
  if (!resolved || resolved.segments[resolved.segments.length - 1] !== '[*]') return undefined;
  const prefixes = memberPrefixes(resolved.segments);
  if (outer) {
    for (let level = outer.prefixes.length - 1; level >= 0; level--) {
      const prefix = outer.prefixes[level] ?? [];
      if (!startsWith(resolved.segments, prefix)) continue;
      const head = outer.members.slice(0, level + 1);
      const { reached } = walk(outer.members[level], resolved.segments.slice(prefix.length), !resolved.exact, head);
      return { scope: { prefixes }, members: reached.map((r) => r.members) };
    }
  }
  const { reached } = walk(resource, resolved.segments, !resolved.exact);
  return { scope: { prefixes }, members: reached.map((r) => r.members) };
}
