import { BUILT_IN_ROLES } from '../../../../src/emulator/authz/builtin-roles.js';
import { blockAllows } from '../../../../src/emulator/authz/action-match.js';

/**
 * What the guardrails should say about each container group, computed straight from a tenant file by
 * the guidance's rules and TENANT-FORMAT.md (who can read what, environments by tag inheritance),
 * independently of ShipShape's code.
 */

type Json = Record<string, unknown>;
export type Mark = 'fail' | 'warn' | 'unknown' | 'pass';
export interface Tenant {
  principals: Json[];
  resources: Json[];
}

export interface ExpectedGroup {
  id: string;
  name: string;
  env: string | undefined;
  registries: Mark;
  credentials: Mark;
  privilege: Mark;
  network: Mark;
  monitoring: Mark;
  plainSecrets: string[];
  unapprovedImages: string[];
}

const ALIASES: Record<string, string> = { prod: 'prod', production: 'prod', prd: 'prod', staging: 'staging', stage: 'staging', stg: 'staging', dev: 'dev', development: 'dev', test: 'test', qa: 'test' };
const o = (v: unknown): Json => (v !== null && typeof v === 'object' ? (v as Json) : {});
const arr = (v: unknown): Json[] => (Array.isArray(v) ? (v as Json[]) : []);
const lower = (v: unknown): string => String(v ?? '').toLowerCase();

function envOfTags(tags: unknown): string | undefined {
  for (const [k, v] of Object.entries(o(tags))) if (['env', 'environment'].includes(k.toLowerCase())) return ALIASES[lower(v)];
  return undefined;
}

/** Resources of a type the person may read (a role assignment at or above them whose role allows the read). */
export function readableIds(tenant: Tenant, objectId: string, action: string): (id: string) => boolean {
  const me = tenant.principals.find((p) => lower(p.id) === objectId.toLowerCase());
  const ids = new Set([objectId.toLowerCase(), ...arr(me?.groups).map((g) => lower(g))]);
  const scopes = tenant.resources
    .filter((r) => /\/roleAssignments\/[^/]+$/i.test(String(r.id)) && ids.has(lower(o(r.properties).principalId)))
    .filter((r) => {
      const guid = lower(o(r.properties).roleDefinitionId).split('/').pop();
      const role = BUILT_IN_ROLES.find((b) => b.guid.toLowerCase() === guid);
      return role?.permissions.some((p) => blockAllows(p, action)) ?? false;
    })
    .map((r) => lower(String(r.id).split('/providers/Microsoft.Authorization/roleAssignments/')[0]));
  return (id) => scopes.some((s) => lower(id) === s || lower(id).startsWith(`${s}/`));
}

function hostOf(image: string): string {
  const first = image.split('/')[0] ?? '';
  return image.includes('/') && (first.includes('.') || first.includes(':')) ? first.toLowerCase() : 'docker.io';
}

/** Deliberately simpler than the bot's heuristics: test tenants use unmistakable names and values. */
const SECRET_NAME = /(PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|ACCESS_?KEY|CONNECTION_?STRING)/i;
const SECRET_VALUE = /(SharedAccessKey=|AccountKey=|Password=|^ghp_|^eyJ)/;

function worst(...marks: Mark[]): Mark {
  const order: Mark[] = ['fail', 'warn', 'unknown', 'pass'];
  return order.find((m) => marks.includes(m)) ?? 'pass';
}

export function expectedGroups(tenant: Tenant, objectId: string, approved: readonly string[] = ['mcr.microsoft.com']): ExpectedGroup[] {
  const byId = new Map(tenant.resources.map((r) => [lower(r.id), r]));
  const canRead = readableIds(tenant, objectId, 'Microsoft.ContainerInstance/containerGroups/read');
  const canReadRegistry = readableIds(tenant, objectId, 'Microsoft.ContainerRegistry/registries/read');
  const registries = tenant.resources.filter((r) => /\/registries\/[^/]+$/i.test(String(r.id)) && canReadRegistry(String(r.id)));
  const own = new Map(registries.map((r) => [lower(o(r.properties).loginServer), r]));
  const settingsOf = (registryId: string): Json[] => tenant.resources.filter((r) => lower(r.id).startsWith(`${lower(registryId)}/providers/microsoft.insights/diagnosticsettings/`));
  const audited = (registryId: string): boolean => {
    const enabled = new Set(settingsOf(registryId).filter((s) => o(s.properties).workspaceId).flatMap((s) => arr(o(s.properties).logs).filter((l) => l.enabled === true).map((l) => String(l.category))));
    return enabled.has('ContainerRegistryLoginEvents') && enabled.has('ContainerRegistryRepositoryEvents');
  };

  return tenant.resources
    .filter((r) => /\/containerGroups\/[^/]+$/i.test(String(r.id)) && canRead(String(r.id)))
    .map((g) => {
      const id = String(g.id);
      const parts = id.split('/');
      const env = envOfTags(g.tags) ?? envOfTags(byId.get(lower(parts.slice(0, 5).join('/')))?.tags) ?? envOfTags(byId.get(lower(parts.slice(0, 3).join('/')))?.tags);
      const p = o(g.properties);
      const containers = [...arr(p.initContainers), ...arr(p.containers)];
      const images = containers.map((c) => String(o(c.properties).image));
      const hosts = images.map(hostOf);
      const registryMark = (host: string): Mark =>
        own.has(host) || approved.includes(host) ? 'pass' : host.endsWith('.azurecr.io') ? 'unknown' : 'fail';
      const plainSecrets = containers.flatMap((c) =>
        arr(o(c.properties).environmentVariables)
          .filter((e) => typeof e.value === 'string' && e.value !== '' && (SECRET_NAME.test(String(e.name)) || SECRET_VALUE.test(String(e.value))))
          .map((e) => String(e.name)),
      );
      const logins = arr(p.imageRegistryCredentials).map((c): Mark => (c.identity ? 'pass' : lower(c.username) === lower(c.server).split('.')[0] ? 'fail' : 'warn'));
      const ip = o(p.ipAddress);
      const network: Mark = ip.type === 'Public' ? 'fail' : ip.type === 'Private' && arr(p.subnetIds).length === 0 ? 'warn' : 'pass';
      const pulledFrom = [...new Set(hosts.filter((h) => own.has(h)))].map((h) => String(own.get(h)?.id));
      const monitoring: Mark = !o(o(p.diagnostics).logAnalytics).workspaceId ? 'fail' : pulledFrom.every(audited) ? 'pass' : 'warn';
      return {
        id,
        name: String(g.name),
        env,
        registries: worst(...hosts.map(registryMark)),
        credentials: worst(plainSecrets.length > 0 ? 'fail' : 'pass', ...logins),
        privilege: containers.some((c) => o(o(c.properties).securityContext).privileged === true) ? 'fail' : 'pass',
        network,
        monitoring,
        plainSecrets,
        unapprovedImages: images.filter((img) => registryMark(hostOf(img)) === 'fail'),
      } satisfies ExpectedGroup;
    });
}

/** Every plain environment value in the tenant that is a credential, by name or shape: none may ever be shown or logged. */
export function secretValues(tenant: Tenant): string[] {
  const values = tenant.resources
    .filter((r) => /\/containerGroups\/[^/]+$/i.test(String(r.id)))
    .flatMap((g) => [...arr(o(g.properties).containers), ...arr(o(g.properties).initContainers)])
    .flatMap((c) => arr(o(c.properties).environmentVariables))
    .filter((e) => typeof e.value === 'string' && (SECRET_NAME.test(String(e.name)) || SECRET_VALUE.test(String(e.value))))
    .map((e) => String(e.value))
    .filter((v) => v.length >= 6);
  // The key inside a connection string is a secret on its own too.
  const keys = values.flatMap((v) => [...v.matchAll(/(?:SharedAccessKey|AccountKey|Password)=([^;]+)/g)].map((m) => m[1] as string));
  return [...new Set([...values, ...keys])];
}

export interface ExpectedCluster {
  id: string;
  name: string;
  env: string | undefined;
  /** Who reaches the API server, from `apiServerAccessProfile` as the AKS REST reference defines it. */
  access: 'public' | 'restricted' | 'private';
  ranges: number;
}

/** AKS clusters the person may read, with their environment by tag inheritance and their API server access. */
export function expectedClusters(tenant: Tenant, objectId: string): ExpectedCluster[] {
  const byId = new Map(tenant.resources.map((r) => [lower(r.id), r]));
  const canRead = readableIds(tenant, objectId, 'Microsoft.ContainerService/managedClusters/read');
  return tenant.resources
    .filter((r) => /\/managedClusters\/[^/]+$/i.test(String(r.id)) && canRead(String(r.id)))
    .map((c) => {
      const parts = String(c.id).split('/');
      const env = envOfTags(c.tags) ?? envOfTags(byId.get(lower(parts.slice(0, 5).join('/')))?.tags) ?? envOfTags(byId.get(lower(parts.slice(0, 3).join('/')))?.tags);
      const profile = o(o(c.properties).apiServerAccessProfile);
      const ranges = arr(profile.authorizedIPRanges).length;
      const access = profile.enablePrivateCluster === true ? 'private' : ranges > 0 ? 'restricted' : 'public';
      return { id: String(c.id), name: String(c.name), env, access, ranges };
    });
}
