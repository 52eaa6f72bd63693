import type { TokenCredential } from '@azure/core-auth';
import { PolicyClient } from '@azure/arm-policy';
import { ResourceManagementClient } from '@azure/arm-resources';
import { scopeParts, type BlastRadius } from '../../domain/approvals/index.js';
import type { PolicyTopic } from '../../domain/policy-catalog.js';
import { previewPolicy, type ProposedDefinition } from '../../domain/preview/index.js';
import type { armClientOptions } from '../clients.js';

type Options = ReturnType<typeof armClientOptions>;
type Json = Record<string, unknown>;
const SHOWN = 8;
const REGISTRY_API = '2025-11-01';
const BUILT_IN = /^\/providers\/Microsoft\.Authorization\/policyDefinitions\/([^/]+)$/i;

/** The proposed assignment a preview evaluates: its definition and the parameters it would set. */
export interface Proposal {
  definitionId: string;
  parameters: Readonly<Record<string, unknown>>;
  topic?: PolicyTopic;
}

/** The definition as Azure serves it (rule, parameter defaults): the preview never uses a copy. */
async function readDefinition(credential: TokenCredential, options: Options, scope: string, definitionId: string): Promise<ProposedDefinition> {
  const name = BUILT_IN.exec(definitionId)?.[1];
  const sub = scopeParts(scope).subscriptionId ?? '';
  const client = new PolicyClient(credential, sub, options).policyDefinitions;
  const d = name ? await client.getBuiltIn(name) : await client.get(definitionId.split('/').pop() ?? '');
  const parameters: Record<string, { defaultValue?: unknown }> = {};
  for (const [key, p] of Object.entries(d.parameters ?? {})) parameters[key] = p.defaultValue === undefined ? {} : { defaultValue: p.defaultValue as unknown };
  return { policyRule: d.policyRule, parameters };
}

/** Each resource's body as ARM returns it on GET, so the rule's aliases read what Azure Policy reads. */
async function bodies(credential: TokenCredential, options: Options, resources: readonly { id: string }[]): Promise<Json[]> {
  const sub = scopeParts(resources[0]?.id ?? '').subscriptionId ?? '';
  const client = new ResourceManagementClient(credential, sub, options).resources;
  return Promise.all(
    resources.map(async (r) => {
      const g = await client.getById(r.id, REGISTRY_API);
      return { id: g.id ?? r.id, name: g.name, type: g.type, location: g.location, tags: g.tags, sku: g.sku, properties: g.properties as unknown } as Json;
    }),
  );
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/**
 * The blast radius of a proposed assignment: per resource, what the compliance answer would show
 * after it; or, for a rule the preview cannot evaluate, why (the caller then shows today's state).
 */
export async function previewBlastRadius(
  credential: TokenCredential,
  options: Options,
  scope: string,
  resources: readonly { id: string; name: string }[],
  proposal: Proposal,
): Promise<BlastRadius | { cannot: string }> {
  const definition = await readDefinition(credential, options, scope, proposal.definitionId);
  const preview = previewPolicy(definition, proposal.parameters, await bodies(credential, options, resources), proposal.topic);
  const noun = plural(resources.length, 'registry', 'registries');
  if (preview.kind === 'not-previewable') return { cannot: `ShipShape cannot preview what this assignment would report: ${preview.reason}.` };
  if (preview.kind === 'disabled') {
    return { summary: `${noun} in scope; with the effect ${preview.effect} this assignment reports nothing and changes nothing.`, items: [], more: 0 };
  }
  const failing = preview.resources.filter((r) => r.outcome === 'non-compliant');
  const blocked = failing.filter((r) => r.blocked);
  const names = (list: typeof failing): string => list.slice(0, 3).map((r) => r.name).join(', ') + (list.length > 3 ? ` and ${list.length - 3} more` : '');
  const summary = [
    `${noun} in scope. Once assigned, ${failing.length === 0 ? 'none would be' : `${plural(failing.length, 'would be', 'would be')}`} non-compliant with this policy${failing.length > 0 ? ` (${names(failing)})` : ''}.`,
    blocked.length > 0 ? `${names(blocked)} cannot comply through this assignment alone: ${blocked[0]?.blocked ?? ''}.` : '',
  ].filter(Boolean).join(' ');
  const items = preview.resources.map((r) => ({
    name: r.name,
    detail: r.outcome === 'non-compliant' ? `would be non-compliant${r.blocked ? ` (${r.blocked})` : ''}` : 'would be compliant',
  }));
  return { summary, items: items.slice(0, SHOWN), more: Math.max(0, items.length - SHOWN) };
}
