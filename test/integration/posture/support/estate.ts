import { readTenant } from '../../../harness/personas.js';

/**
 * What a tenant file says about its registries, worked out here from the raw JSON (not with the bot's
 * code), so the protocol tests compare the bot's answers with the data: environments by the tag rule
 * of TENANT-FORMAT.md, and the raw security properties.
 */

type Json = Record<string, unknown>;
export type RawRegistry = Json & { id: string; name: string; properties: Json; sku?: { name?: string }; tags?: Record<string, string> };

const ALIASES: Record<string, string> = { prod: 'prod', production: 'prod', staging: 'staging', stage: 'staging', stg: 'staging', dev: 'dev', development: 'dev' };

function envTag(tags: unknown): string | undefined {
  if (tags === null || typeof tags !== 'object') return undefined;
  for (const [k, v] of Object.entries(tags as Record<string, unknown>)) {
    if (['env', 'environment'].includes(k.toLowerCase()) && typeof v === 'string') return ALIASES[v.toLowerCase()];
  }
  return undefined;
}

export interface EstateFacts {
  registries: RawRegistry[];
  environmentOf(resourceId: string, tags?: unknown): string | undefined;
  subscriptionOf(resourceId: string): string;
  /** Subscription ids (lower case) a principal has any role assignment in or under, directly or via groups. */
  readableBy(objectId: string): Set<string>;
  resources: Json[];
}

export function estateFacts(tenant: { principals: readonly unknown[]; resources: readonly unknown[] } = readTenant()): EstateFacts {
  const resources = tenant.resources as Json[];
  const principals = tenant.principals as Json[];
  const byId = new Map(resources.map((r) => [String(r.id).toLowerCase(), r]));
  const subscriptionOf = (id: string) => (id.split('/')[2] ?? '').toLowerCase();
  const environmentOf = (id: string, tags?: unknown): string | undefined => {
    const parts = id.split('/');
    return envTag(tags) ?? envTag(byId.get(parts.slice(0, 5).join('/').toLowerCase())?.tags) ?? envTag(byId.get(parts.slice(0, 3).join('/').toLowerCase())?.tags);
  };
  const registries = resources.filter((r) => /\/providers\/Microsoft\.ContainerRegistry\/registries\/[^/]+$/i.test(String(r.id))) as RawRegistry[];
  const readableBy = (objectId: string): Set<string> => {
    const principal = principals.find((p) => String(p.id).toLowerCase() === objectId.toLowerCase());
    const ids = new Set([objectId.toLowerCase(), ...(Array.isArray(principal?.groups) ? principal.groups.map((g) => String(g).toLowerCase()) : [])]);
    const subs = new Set<string>();
    for (const r of resources) {
      if (!/\/roleAssignments\/[^/]+$/i.test(String(r.id))) continue;
      const p = (r.properties ?? {}) as Json;
      if (ids.has(String(p.principalId).toLowerCase())) subs.add(subscriptionOf(String(p.scope ?? r.id)));
    }
    return subs;
  };
  return { registries, environmentOf: (id, tags) => environmentOf(id, tags), subscriptionOf, readableBy, resources };
}

const lower = (v: unknown): string => (typeof v === 'string' ? v.toLowerCase() : '');
const policyStatus = (r: RawRegistry, name: string): string => lower(((r.properties.policies as Json | undefined)?.[name] as Json | undefined)?.status);

/** A few checklist rows, decided from the raw body the way ACR and Azure Policy read it. */
export const RAW_RULES: Readonly<Record<string, (r: RawRegistry) => boolean>> = {
  'Admin user': (r) => r.properties.adminUserEnabled !== true,
  // Absent (older api-versions) means off.
  'Anonymous pull': (r) => r.properties.anonymousPullEnabled !== true,
  'Public network access': (r) => lower(r.properties.publicNetworkAccess) === 'disabled',
  'Customer-managed key': (r) => lower((r.properties.encryption as Json | undefined)?.status) === 'enabled',
  'ARM-audience tokens': (r) => policyStatus(r, 'azureADAuthenticationAsArmPolicy') === 'disabled',
  Exports: (r) => policyStatus(r, 'exportPolicy') === 'disabled' && lower(r.properties.publicNetworkAccess) === 'disabled',
  SKU: (r) => lower(r.sku?.name) === 'premium',
};
