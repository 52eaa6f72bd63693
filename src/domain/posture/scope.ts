import type { Environment } from '../environment.js';

/** What a question asks about: where to look, as the parser understood it. */
export interface ScopeQuery {
  environments: Environment[];
  subscription?: { id?: string; name?: string };
  resourceGroup?: string;
  /** Registry names (lower case), when the question names registries. */
  registries: string[];
}

export interface SubscriptionRef {
  id: string;
  displayName: string;
  environment: Environment | undefined;
}

/** What was searched, for the answer's "what I looked at" line. */
export interface SearchedScope {
  /** Every subscription the person can read. */
  readable: SubscriptionRef[];
  /** The ones the question covered. */
  searched: SubscriptionRef[];
  /** Resource groups the question named, where they were found. */
  resourceGroups: Array<{ subscriptionId: string; name: string }>;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** "5 registries in 2 of the 3 subscriptions you can read". */
export function describeSearch(count: number, noun: string, nouns: string, found: number, scope: SearchedScope): string {
  const readable = scope.readable.length;
  const where = found === readable ? `${plural(readable, 'subscription')} you can read` : `${found} of the ${plural(readable, 'subscription')} you can read`;
  return `${plural(count, noun, nouns)} in ${where}`;
}
