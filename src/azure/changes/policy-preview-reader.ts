import type { TokenCredential } from '@azure/core-auth';
import { PolicyClient } from '@azure/arm-policy';
import { ResourceManagementClient } from '@azure/arm-resources';
import { scopeParts, type BlastRadius } from '../../domain/approvals/index.js';
import type { PolicyTopic } from '../../domain/policy-catalog.js';
import { previewPolicy, registryAfter, registrySkuRefusal, type PolicyPreview, type ProposedDefinition } from '../../domain/preview/index.js';
import type { armClientOptions } from '../clients.js';
import { previewInputs, PreviewReadFailure, type PreviewInputs } from './policy-preview-scope.js';
import { previewSummary } from './policy-preview-words.js';

type Options = ReturnType<typeof armClientOptions>;
type Json = Record<string, unknown>;
const SHOWN = 8;
const API: Record<string, string> = { 'microsoft.containerregistry/registries': '2025-11-01', 'microsoft.containerservice/managedclusters': '2024-09-01' };
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
  return { policyRule: d.policyRule, parameters, ...(d.mode ? { mode: d.mode } : {}) };
}

/** Each resource's body as ARM returns it on GET, so the rule's aliases read what Azure Policy reads. */
export async function bodies(credential: TokenCredential, options: Options, resources: readonly { id: string }[]): Promise<Json[]> {
  const sub = scopeParts(resources[0]?.id ?? '').subscriptionId ?? '';
  const client = new ResourceManagementClient(credential, sub, options).resources;
  return Promise.all(
    resources.map(async (r) => {
      const type = /\/providers\/([^/]+\/[^/]+)\/[^/]+$/.exec(r.id)?.[1]?.toLowerCase() ?? '';
      const g = await client.getById(r.id, API[type] ?? API['microsoft.containerregistry/registries'] ?? '');
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
  let inputs: PreviewInputs;
  try {
    inputs = await previewInputs(credential, options, scope, definition, resources, await bodies(credential, options, resources));
  } catch (error) {
    // What the rule judges could not be read: say which, and let the caller show today's state.
    if (error instanceof PreviewReadFailure) return { cannot: `ShipShape cannot preview what this assignment would report: ${error.what} could not be read (${error.why}).` };
    throw error;
  }
  const preview: PolicyPreview = previewPolicy(definition, proposal.parameters, inputs.judged, proposal.topic, inputs.context);
  const cannot = preview.kind === 'not-previewable' ? `ShipShape cannot preview what this assignment would report: ${preview.reason}.` : '';
  // The registries or clusters in scope are not what it judges: listing how they fare today would mislead.
  if (preview.kind === 'not-previewable' && preview.otherTypes) return { summary: `${cannot} It judges none of the ${plural(resources.length, 'resource', 'resources')} ShipShape lists for this scope.`, items: [], more: 0 };
  if (preview.kind === 'not-previewable') return { cannot };
  if (inputs.judged.length === 0 && preview.kind === 'evaluated') return { summary: `No ${inputs.noun.many} in scope today: the assignment applies to ones created later.`, items: [], more: 0 };
  const words = previewSummary(preview, inputs, definition, proposal.parameters);
  return { summary: words.summary, items: words.items.slice(0, SHOWN), more: Math.max(0, words.items.length - SHOWN) };
}

/**
 * A registry settings change: whether Azure would accept it for the registry's SKU, and for each
 * registry policy assigned at or above its resource group, the registry's compliance today and after.
 */
export async function previewRegistryChange(credential: TokenCredential, options: Options, registryId: string, settings: Readonly<Record<string, unknown>>): Promise<BlastRadius> {
  const [before] = await bodies(credential, options, [{ id: registryId }]);
  const name = scopeParts(registryId).name ?? registryId;
  if (!before) return { summary: `${name} could not be read.`, items: [], more: 0 };
  const after = registryAfter(before, settings);
  const refusal = registrySkuRefusal(after);
  if (refusal) return { summary: `Azure would refuse this change: ${refusal}. Change the SKU first.`, items: [], more: 0 };
  const { subscriptionId = '', resourceGroup = '' } = scopeParts(registryId);
  const items: { name: string; detail: string }[] = [];
  let failing = 0;
  let evaluated = 0;
  for await (const a of new PolicyClient(credential, subscriptionId, options).policyAssignments.listForResourceGroup(resourceGroup, { filter: 'atScope()' })) {
    if (!a.policyDefinitionId || /policySetDefinitions/i.test(a.policyDefinitionId)) continue;
    const definition = await readDefinition(credential, options, registryId, a.policyDefinitionId).catch(() => undefined);
    if (!definition) continue;
    const parameters = Object.fromEntries(Object.entries(a.parameters ?? {}).map(([k, v]) => [k, v.value as unknown]));
    const was = previewPolicy(definition, parameters, [before]);
    const will = previewPolicy(definition, parameters, [after]);
    if (was.kind !== 'evaluated' || will.kind !== 'evaluated') continue;
    evaluated++;
    // A rule that does not select the registry (an …IfNotExists rule for Premium only) records no state for it.
    const word = (o: string | undefined): string => (o === undefined ? 'compliant' : o === 'not-reported' ? 'not judged' : o);
    const now = word(will.resources[0]?.outcome);
    if (now === 'non-compliant') failing++;
    const then = word(was.resources[0]?.outcome);
    items.push({ name: a.displayName ?? a.name ?? a.policyDefinitionId, detail: then === now ? `stays ${now}` : `${then} today, ${now} after` });
  }
  const summary =
    evaluated === 0
      ? `${name}: no registry policy is assigned at or above its resource group, so compliance does not change.`
      : `After this change ${name} would be non-compliant with ${failing} of ${plural(evaluated, 'registry policy', 'registry policies')} in force.`;
  return { summary, items: items.slice(0, SHOWN), more: Math.max(0, items.length - SHOWN) };
}
