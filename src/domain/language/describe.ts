import type { Entities, FindingCondition } from './parsed-text.js';

const CONDITION_TEXT: Readonly<Record<FindingCondition, string>> = {
  exploitable: 'exploit published',
  'known-exploited': 'known exploited',
  running: 'running',
  'internet-facing': 'internet-facing (public IP)',
  fixable: 'fix available',
  unfixed: 'no fix yet',
};

/**
 * What was understood, in the words a card shows under its title: "Critical, High · prod ·
 * registry contosoprod". Commands add their own subject in front.
 */
export function describeEntities(entities: Entities): string[] {
  const parts: string[] = [];
  if (entities.severities.length > 0) parts.push(entities.severities.join(', '));
  if (entities.environments.length > 0) parts.push(entities.environments.join(', '));
  if (entities.subscription?.name) parts.push(`subscription ${entities.subscription.name}`);
  else if (entities.subscription?.id) parts.push(`subscription ${entities.subscription.id}`);
  if (entities.resourceGroup) parts.push(`resource group ${entities.resourceGroup}`);
  if (entities.registry) parts.push(`registry ${entities.registry}`);
  if (entities.repository) {
    const ref = entities.tag ? `${entities.repository}:${entities.tag}` : entities.repository;
    parts.push(entities.digest ? `${ref}@${entities.digest.slice(0, 19)}` : ref);
  } else if (entities.digest) {
    parts.push(entities.digest.slice(0, 19));
  }
  if (entities.nicknames.length > 0) parts.push(`${entities.nicknames.join(', ')} (${entities.cves.join(', ')})`);
  else if (entities.cves.length > 0) parts.push(entities.cves.join(', '));
  if (entities.packages.length > 0) parts.push(`package ${entities.packages.join(', ')}`);
  if (entities.ecosystems.length > 0) parts.push(`${entities.ecosystems.join(', ')} packages`);
  for (const c of entities.conditions) parts.push(CONDITION_TEXT[c]);
  if (entities.policy) parts.push(`policy “${entities.policy.policy.displayName.replace(/\.$/, '')}”`);
  for (const d of entities.durations) parts.push(d.text);
  for (const d of entities.dates) {
    const text = d.calendar ? d.text : d.relation === 'on' ? d.date : `${d.relation} ${d.date}`;
    if (!parts.includes(text)) parts.push(text);
  }
  if (entities.reason) parts.push(`reason “${entities.reason}”`);
  return parts;
}
