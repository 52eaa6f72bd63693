import type { PolicyPreview, ProposedDefinition, ResourcePreview } from '../../domain/preview/index.js';
import type { PreviewInputs } from './policy-preview-scope.js';

/** A preview in the approval card's words: one line per resource, and a summary that leads with the count. */

type Evaluated = Extract<PolicyPreview, { kind: 'evaluated' | 'disabled' }>;

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

const DNS_ZONE = /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.Network\/privateDnsZones\/[^/]+$/i;
const SUBNET = /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.Network\/virtualNetworks\/[^/]+\/subnets\/[^/]+$/i;

function param(parameters: Readonly<Record<string, unknown>>, name: string): unknown {
  return Object.entries(parameters).find(([k]) => k.toLowerCase() === name.toLowerCase())?.[1];
}

/** DeployIfNotExists: when it acts, and whether its deployment parameter can work at all. */
function deployNotes(parameters: Readonly<Record<string, unknown>>): string[] {
  const notes = ['DeployIfNotExists deploys only when a resource is created or updated, or through a remediation task, which ShipShape can start once the assignment exists.'];
  const subnet = param(parameters, 'privateEndpointSubnetId');
  if (subnet !== undefined && !SUBNET.test(String(subnet))) notes.push(`privateEndpointSubnetId “${String(subnet)}” is not a subnet id, so every deployment it starts would fail.`);
  const zone = param(parameters, 'privateDnsZoneId');
  if (zone !== undefined && !DNS_ZONE.test(String(zone))) notes.push(`privateDnsZoneId “${String(zone)}” is not a private DNS zone id, so every deployment it starts would fail.`);
  else if (zone !== undefined && !/\/privatelink\.azurecr\.io$/i.test(String(zone))) notes.push(`Registry endpoints resolve through privatelink.azurecr.io; the zone “${String(zone).split('/').pop() ?? ''}” would not resolve them.`);
  return notes;
}

function hasLabels(selector: unknown): boolean {
  return typeof selector === 'object' && selector !== null && Object.values(selector).some((v) => (Array.isArray(v) ? v.length > 0 : v !== undefined && v !== null && Object.keys(v).length > 0));
}

export function detailOf(r: ResourcePreview): string {
  const why = r.why ? `: ${r.why}` : '';
  const blocked = r.blocked ? ` (${r.blocked})` : '';
  if (r.outcome === 'not-reported') return `would report nothing${why}${blocked}`;
  return `would be ${r.outcome}${why}${blocked}`;
}

export function previewSummary(preview: Evaluated, inputs: PreviewInputs, definition: ProposedDefinition, parameters: Readonly<Record<string, unknown>>): { summary: string; items: { name: string; detail: string }[] } {
  const { one, many } = inputs.noun;
  const count = preview.kind === 'evaluated' ? preview.resources.length : inputs.judged.length;
  const noun = plural(count, one, many);
  if (preview.kind === 'disabled') return { summary: `${noun} in scope; with the effect ${preview.effect} this assignment reports nothing and changes nothing.`, items: [] };
  const nameOf = (r: ResourcePreview): string => inputs.names.get(r.id.toLowerCase()) ?? r.name;
  const names = (list: ResourcePreview[]): string => list.slice(0, 3).map(nameOf).join(', ') + (list.length > 3 ? ` and ${list.length - 3} more` : '');
  const failing = preview.resources.filter((r) => r.outcome === 'non-compliant');
  const silent = preview.resources.filter((r) => r.outcome === 'not-reported');
  const blocked = preview.resources.filter((r) => r.blocked && r.outcome !== 'compliant');
  const effect = preview.effect.toLowerCase();
  const sentences = [
    `${noun} in scope. Once assigned, ${failing.length === 0 ? 'none would be' : `${failing.length} would be`} non-compliant with this policy${failing.length > 0 ? ` (${names(failing)})` : ''}.`,
    ...[...new Set(silent.map((r) => r.why ?? ''))].map((why) => `It would report nothing for ${names(silent.filter((r) => (r.why ?? '') === why))}${why ? `: ${why}` : ''}.`),
    blocked.length > 0 ? `${names(blocked)} cannot comply through this assignment alone: ${blocked[0]?.blocked ?? ''}.` : '',
    effect === 'deployifnotexists' ? deployNotes(parameters).join(' ') : '',
    effect === 'modify'
      ? 'Modify changes only resources created or updated from now on, or existing ones through a remediation task, which ShipShape can start once the assignment exists; until then they are reported as above.'
      : '',
    (definition.mode ?? '').toLowerCase() === 'microsoft.kubernetes.data'
      ? 'The preview sees the containers Defender reports running; containers whose images Defender has not scanned, and privileged flags it does not report, are not visible to it.'
      : '',
    hasLabels(param(parameters, 'labelSelector')) ? 'The labelSelector is not applied in the preview: the running data carries no pod labels.' : '',
  ];
  const items = preview.resources.map((r) => ({ name: nameOf(r), detail: detailOf(r) }));
  return { summary: sentences.filter(Boolean).join(' '), items };
}
