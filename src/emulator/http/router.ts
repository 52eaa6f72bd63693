import type { ArmRequest, Route } from './types.js';

type Segment = { kind: 'literal'; lower: string } | { kind: 'param'; name: string } | { kind: 'rest'; name: string };

interface CompiledRoute {
  route: Route;
  segments: Segment[];
  /** Routes without `{*…}` and with more literal segments win over looser ones. */
  rank: number;
}

export interface RouteCandidate {
  route: Route;
  params: Record<string, string>;
}

export type RouteMatch =
  /** Every route serving this path and method, best first (they may differ in api-versions). */
  | { kind: 'found'; candidates: [RouteCandidate, ...RouteCandidate[]] }
  /** The path exists for other methods only. */
  | { kind: 'method'; allowed: Route['method'][] }
  | { kind: 'none' };

function compile(route: Route): CompiledRoute {
  const segments: Segment[] = route.pattern
    .split('/')
    .filter((s) => s !== '')
    .map((s): Segment => {
      const m = /^\{(\*?)([A-Za-z0-9_]+)\}$/.exec(s);
      if (!m) return { kind: 'literal', lower: s.toLowerCase() };
      return m[1] ? { kind: 'rest', name: m[2] as string } : { kind: 'param', name: m[2] as string };
    });
  const literals = segments.filter((s) => s.kind === 'literal').length;
  const hasRest = segments.some((s) => s.kind === 'rest');
  return { route, segments, rank: (hasRest ? 0 : 1000) + literals };
}

/**
 * Matches request paths against route patterns segment by segment, case-insensitively.
 * `{*name}` takes one or more segments, as many as possible while the rest still matches.
 */
export class Router {
  private readonly routes: CompiledRoute[];

  constructor(routes: readonly Route[]) {
    this.routes = routes.map(compile).sort((a, b) => b.rank - a.rank);
  }

  match(method: ArmRequest['method'], segments: readonly string[]): RouteMatch {
    const lower = segments.map((s) => s.toLowerCase());
    const candidates: RouteCandidate[] = [];
    const otherMethods = new Set<Route['method']>();
    for (const c of this.routes) {
      const params: Record<string, string> = {};
      if (!matchFrom(c.segments, 0, segments, lower, 0, params)) continue;
      if (c.route.method === method) candidates.push({ route: c.route, params });
      else otherMethods.add(c.route.method);
    }
    const first = candidates[0];
    if (first) return { kind: 'found', candidates: [first, ...candidates.slice(1)] };
    if (otherMethods.size > 0) return { kind: 'method', allowed: [...otherMethods] };
    return { kind: 'none' };
  }
}

function matchFrom(
  pattern: readonly Segment[],
  pi: number,
  segments: readonly string[],
  lower: readonly string[],
  si: number,
  params: Record<string, string>,
): boolean {
  if (pi === pattern.length) return si === segments.length;
  const seg = pattern[pi] as Segment;
  if (si >= segments.length) return false;
  if (seg.kind === 'literal') return lower[si] === seg.lower && matchFrom(pattern, pi + 1, segments, lower, si + 1, params);
  if (seg.kind === 'param') {
    params[seg.name] = segments[si] as string;
    return matchFrom(pattern, pi + 1, segments, lower, si + 1, params);
  }
  // Greedy: the longest capture that still lets the remaining pattern match.
  const remainingMin = pattern.length - pi - 1;
  for (let end = segments.length - remainingMin; end > si; end--) {
    if (matchFrom(pattern, pi + 1, segments, lower, end, params)) {
      params[seg.name] = '/' + segments.slice(si, end).join('/');
      return true;
    }
  }
  return false;
}
