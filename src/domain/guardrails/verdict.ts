import type { ApprovedRegistries } from './approved-registries.js';
import { TODO } from './guidance.js';
import type { ImageIntel } from './image-intel.js';
import type { KubernetesPolicies } from './kubernetes.js';
import type { Offer } from './offers.js';
import type { GuardrailId, RegistryFacts, Status } from './types.js';

/** What one guardrail says about one workload. */

export type IssueKind = keyof typeof TODO;

export interface Issue {
  kind: IssueKind;
  /** fail breaks the guardrail, warn weakens it, unknown could not be judged. */
  level: 'fail' | 'warn' | 'unknown';
  /** Names and references only, never a value: "DB_PASSWORD (container api) is a plain value". */
  text: string;
  /** Image age, for lists of stale images. */
  days?: number;
}

export interface Verdict {
  guardrail: GuardrailId;
  status: Status;
  issues: Issue[];
  /** What to do about exactly these problems, one line per kind. */
  todo: string[];
  offers: Offer[];
  /** For passing verdicts: what was checked ("2 images from your registries"). */
  note: string;
}

/** Everything the rules read besides the workload itself. */
export interface RuleContext {
  approved: ApprovedRegistries;
  images: ImageIntel;
  /** Readable registries by login server (lower case). */
  registriesByServer: ReadonlyMap<string, RegistryFacts>;
  kubernetes: KubernetesPolicies;
  staleDays: number;
  now: Date;
}

const ORDER: Readonly<Record<Status, number>> = { fail: 4, warn: 3, unknown: 2, pass: 1, na: 0 };

export function worstStatus(statuses: readonly Status[]): Status {
  return statuses.reduce<Status>((worst, s) => (ORDER[s] > ORDER[worst] ? s : worst), 'na');
}

export function statusRank(status: Status): number {
  return ORDER[status];
}

/** A verdict from the issues found; no issues is a pass. Offers are kept once each. */
export function verdictOf(guardrail: GuardrailId, issues: Issue[], offers: Offer[] = [], note = ''): Verdict {
  const status = issues.length === 0 ? 'pass' : worstStatus(issues.map((i) => i.level));
  const todo = [...new Set(issues.map((i) => TODO[i.kind]))];
  const unique = offers.filter((o, i) => offers.findIndex((p) => p.kind === o.kind && p.targetId.toLowerCase() === o.targetId.toLowerCase()) === i);
  return { guardrail, status, issues, todo, offers: unique, note: issues.length === 0 ? note : '' };
}

export function notApplicable(guardrail: GuardrailId): Verdict {
  return { guardrail, status: 'na', issues: [], todo: [], offers: [], note: '' };
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** "a, b and c". */
export function listOf(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
