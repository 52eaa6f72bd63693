import type { TokenCredential } from '@azure/core-auth';
import { typesNamed, type PreviewContext, type ProposedDefinition } from '../../domain/preview/index.js';
import type { armClientOptions } from '../clients.js';
import { describeFailure } from '../findings/failures.js';
import { readAssessment, readClusters, readPrivateEndpoints, readRegistryChildren } from './policy-preview-inputs.js';

/**
 * What a proposed rule judges in scope and what it must read to judge it: the registries or clusters
 * themselves, (mode All) their tokens and cache rules, or the private endpoints in scope; Defender assessments for AuditIfNotExists
 * over `Microsoft.Security/assessments`; add-on and running containers for Kubernetes rules.
 */

type Options = ReturnType<typeof armClientOptions>;
type Json = Record<string, unknown>;

const CHILDREN = { 'microsoft.containerregistry/registries/tokens': 'tokens', 'microsoft.containerregistry/registries/cacherules': 'cacheRules' } as const;
const PRIVATE_ENDPOINTS = 'microsoft.network/privateendpoints';
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A read the preview needs failed: what it was, and Azure's answer in plain words. */
export class PreviewReadFailure extends Error {
  constructor(readonly what: string, readonly why: string) {
    super(`${what}: ${why}`);
  }
}

async function reading<T>(what: string, read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    throw new PreviewReadFailure(what, describeFailure(error));
  }
}

export interface PreviewInputs {
  /** The resources the rule judges: the ones in scope, or their children. */
  judged: Json[];
  context: PreviewContext;
  /** "registry", "cluster", "token", "cache rule". */
  noun: { one: string; many: string };
  /** Display names by id: children are named with their registry ("contosoprod/ci-pull"). */
  names: Map<string, string>;
}

function nounOf(type: string): { one: string; many: string } {
  if (type.endsWith('/tokens')) return { one: 'repository-scoped token', many: 'repository-scoped tokens' };
  if (type.endsWith('/cacherules')) return { one: 'cache rule', many: 'cache rules' };
  if (type.endsWith('/managedclusters')) return { one: 'cluster', many: 'clusters' };
  if (type.endsWith('/privateendpoints')) return { one: 'private endpoint', many: 'private endpoints' };
  return { one: 'registry', many: 'registries' };
}

export async function previewInputs(
  credential: TokenCredential,
  options: Options,
  scope: string,
  definition: ProposedDefinition,
  resources: readonly { id: string; name: string }[],
  bodies: Json[],
): Promise<PreviewInputs> {
  const rule = isObject(definition.policyRule) ? definition.policyRule : {};
  const then = isObject(rule.then) ? rule.then : {};
  const details = isObject(then.details) ? then.details : {};
  const types = typesNamed(rule.if);
  const names = new Map(bodies.map((b) => [String(b.id).toLowerCase(), String(b.name)]));
  const context: PreviewContext = {};

  const child = types.map((t) => CHILDREN[t as keyof typeof CHILDREN]).find((c) => c !== undefined);
  if (child) {
    const what = child === 'tokens' ? 'repository-scoped tokens' : 'cache rules';
    const judged = (await Promise.all(resources.map((r) => reading(`the ${what} of ${r.name}`, () => readRegistryChildren(credential, options, r.id, child)).then((list) => list.map((c) => ({ c, r })))))).flat();
    for (const { c, r } of judged) names.set(String(c.id).toLowerCase(), `${r.name}/${String(c.name)}`);
    return { judged: judged.map(({ c }) => c), context, noun: nounOf(types[0] ?? ''), names };
  }
  // Private endpoints live in network groups of their own: the rule judges those in scope, whatever registries are there.
  if (types.includes(PRIVATE_ENDPOINTS)) {
    const { endpoints, zoneGroups } = await reading('the private endpoints in scope and their DNS zone groups', () => readPrivateEndpoints(credential, options, scope));
    context.related = (resource, type) => (type.toLowerCase() === `${PRIVATE_ENDPOINTS}/privatednszonegroups` ? zoneGroups.get(String(resource.id).toLowerCase()) : undefined);
    return { judged: endpoints, context, noun: nounOf(PRIVATE_ENDPOINTS), names: new Map(endpoints.map((e) => [String(e.id).toLowerCase(), String(e.name)])) };
  }
  if ((definition.mode ?? '').toLowerCase() === 'microsoft.kubernetes.data') {
    context.clusters = await reading('the Azure Policy add-on and running containers of the clusters in scope', () => readClusters(credential, options, resources));
  }
  if (String(details.type ?? '').toLowerCase() === 'microsoft.security/assessments' && typeof details.name === 'string') {
    const key = details.name;
    const read = new Map(await Promise.all(bodies.map(async (b) => [String(b.id).toLowerCase(), await reading(`the Defender assessment of ${String(b.name)}`, () => readAssessment(credential, options, String(b.id), key))] as const)));
    context.related = (resource, type) => (type.toLowerCase() === 'microsoft.security/assessments' ? read.get(String(resource.id).toLowerCase()) : undefined);
  }
  return { judged: bodies, context, noun: nounOf(String(bodies[0]?.type ?? '').toLowerCase()), names };
}
