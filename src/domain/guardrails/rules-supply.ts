import { ageInDays, type ImageFacts } from './image-intel.js';
import type { ClusterFacts, ContainerFacts, ContainerGroupFacts } from './types.js';
import { plural, verdictOf, type Issue, type RuleContext, type Verdict } from './verdict.js';

/** Supply-chain guardrails: where images come from, and what Defender knows about them. */

function containerLabel(c: ContainerFacts): string {
  return c.init ? `init container ${c.name}` : `container ${c.name}`;
}

/** Every image from the tenant's own registries or the configured list. */
export function registriesRule(group: ContainerGroupFacts, ctx: RuleContext): Verdict {
  const issues: Issue[] = [];
  for (const c of group.containers) {
    const approval = ctx.approved.judge(c.image);
    if (approval.verdict === 'unapproved') {
      issues.push({ kind: 'unapprovedImage', level: 'fail', text: `${c.image} (${containerLabel(c)}) comes from ${approval.host}, which is not approved` });
    } else if (approval.verdict === 'unknown') {
      issues.push({ kind: 'unreadableRegistry', level: 'unknown', text: `${c.image} (${containerLabel(c)}): ${approval.reason}` });
    }
  }
  return verdictOf('registries', issues, [], `${plural(group.containers.length, 'image')} from approved registries`);
}

/** Issues of one image: open critical or high findings, and age beyond the limit. */
function imageIssues(facts: ImageFacts, where: string, ctx: RuleContext): Issue[] {
  const issues: Issue[] = [];
  if (facts.critical + facts.high > 0) {
    issues.push({ kind: 'vulnerableImage', level: 'fail', text: `${facts.name}${where}: ${facts.critical} critical and ${facts.high} high findings open` });
  }
  const days = ageInDays(facts.lastPushed, ctx.now);
  if (days !== undefined && days > ctx.staleDays) {
    issues.push({ kind: 'staleImage', level: 'warn', text: `${facts.name}${where} was last pushed ${days} days ago`, days });
  }
  return issues;
}

function unknownImage(reference: string, where: string, ctx: RuleContext): Issue {
  if (!ctx.images.available) return { kind: 'findingsUnavailable', level: 'unknown', text: `${reference}${where}: image findings could not be read` };
  if (!ctx.images.complete) return { kind: 'findingsUnavailable', level: 'unknown', text: `${reference}${where}: not in the part of the findings read so far` };
  return { kind: 'unscannedImage', level: 'unknown', text: `${reference}${where}: Defender has no scan results for this image` };
}

export function imagesRule(group: ContainerGroupFacts, ctx: RuleContext): Verdict {
  const issues: Issue[] = [];
  const seen = new Set<string>();
  for (const c of group.containers) {
    if (seen.has(c.image)) continue;
    seen.add(c.image);
    const where = ` (${containerLabel(c)})`;
    const facts = ctx.images.forReference(c.image);
    issues.push(...(facts ? imageIssues(facts, where, ctx) : [unknownImage(c.image, where, ctx)]));
  }
  return verdictOf('images', issues, [], `${plural(seen.size, 'image')} without open critical or high findings, pushed within ${ctx.staleDays} days`);
}

/** Images the running-image scan reports on the cluster. */
export function clusterImagesRule(cluster: ClusterFacts, ctx: RuleContext): Verdict {
  const images = ctx.images.forCluster(cluster.id);
  if (images.length === 0) {
    const issue: Issue = ctx.images.available && ctx.images.complete
      ? { kind: 'unscannedImage', level: 'unknown', text: 'Defender reports no running images for this cluster' }
      : unknownImage('Running images', '', ctx);
    return verdictOf('images', [issue]);
  }
  const issues = images.flatMap((facts) => imageIssues(facts, '', ctx));
  return verdictOf('images', issues, [], `${plural(images.length, 'running image')} without open critical or high findings, pushed within ${ctx.staleDays} days`);
}
