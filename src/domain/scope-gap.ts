import type { Environment } from './environment.js';

/**
 * What an answer about an environment leaves out when the asker reads no subscription of that
 * environment. Azure does not list subscriptions a person cannot read, so the sentence says what is
 * covered and that such subscriptions, if any, are not; every answer (findings, posture, compliance,
 * guardrails, what changed) says it the same way, at its top.
 */

export interface ReadableSubscription {
  name: string;
  environment: Environment | undefined;
}

function names(items: readonly string[], max = 3): string {
  return items.slice(0, max).join(', ') + (items.length > max ? `, +${items.length - max} more` : '');
}

/** The sentence, or undefined when no environment was asked or a readable subscription is of it. */
export function environmentGap(subscriptions: readonly ReadableSubscription[], environments: readonly Environment[]): string | undefined {
  if (environments.length === 0 || subscriptions.length === 0) return undefined;
  if (subscriptions.some((s) => s.environment !== undefined && environments.includes(s.environment))) return undefined;
  const env = environments.join(' or ');
  const subs = subscriptions.map((s) => (s.environment ? `${s.name} is ${s.environment}` : `${s.name} has no environment tag`));
  return (
    `You can read no ${env} subscription (${names(subs)}): this covers only ${env}-tagged resources inside ${subscriptions.length === 1 ? 'it' : 'them'}. ` +
    `${env.charAt(0).toUpperCase()}${env.slice(1)} subscriptions you cannot read, if there are any, are not included.`
  );
}
