import { readTenant } from '../../../harness/personas.js';

/**
 * What a person should see, computed straight from a tenant file by the rules of TENANT-FORMAT.md,
 * independently of ShipShape's code: who can read which subscription (role assignments, through
 * groups too), each registry's environment (resource → group → subscription, with aliases), which
 * scan counts (MDVM, else Qualys), and which sub-assessments are open findings (Unhealthy only),
 * with their severity (vulnerabilityDetails, else CVSS v3 bands).
 */

type Json = Record<string, unknown>;
const SEVERITIES = ['Critical', 'High', 'Medium', 'Low'] as const;
export type Sev = (typeof SEVERITIES)[number];
const KEY = { mdvm: 'c0b7cfc6-3172-465a-b378-53c7ff2cc0d5', qualys: 'dbd0cb49-b563-45e7-9724-889e799fa648' };
const ALIASES: Record<string, string> = { prod: 'prod', production: 'prod', prd: 'prod', staging: 'staging', stage: 'staging', stg: 'staging', dev: 'dev', development: 'dev' };

export interface ExpectedImage {
  key: string;
  registry: string;
  shortDigest: string;
  env: string | undefined;
  counts: Record<Sev, number>;
  fixable: number;
}

export interface ExpectedEstate {
  subscriptionNames: string[];
  registries: { name: string; env: string | undefined; subscriptionId: string }[];
  images: ExpectedImage[];
}

const o = (v: unknown): Json => (v !== null && typeof v === 'object' ? (v as Json) : {});
const s = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

function envOfTags(tags: unknown): string | undefined {
  for (const [k, v] of Object.entries(o(tags))) {
    if (['env', 'environment'].includes(k.toLowerCase()) && typeof v === 'string') return ALIASES[v.toLowerCase()];
  }
  return undefined;
}

function severityOf(props: Json): Sev {
  const ad = o(props.additionalData);
  const vd = o(ad.vulnerabilityDetails);
  const named = SEVERITIES.find((x) => x.toLowerCase() === String(vd.severity ?? '').toLowerCase());
  if (named) return named;
  const cvss = [ad.cvssV30Score, o(o(vd.cvss)['3.0']).base, o(o(ad.cvss)['3.0']).base].find((x): x is number => typeof x === 'number');
  if (cvss !== undefined) return cvss >= 9 ? 'Critical' : cvss >= 7 ? 'High' : cvss >= 4 ? 'Medium' : 'Low';
  return SEVERITIES.find((x) => x === o(props.status).severity) ?? 'Medium';
}

/** Subscriptions a principal reaches with any role assignment at or under it (directly or via its groups). */
export function readableSubscriptions(resources: Json[], principals: Json[], objectId: string): Set<string> {
  const me = principals.find((p) => String(p.id).toLowerCase() === objectId.toLowerCase());
  const ids = new Set([objectId.toLowerCase(), ...(Array.isArray(me?.groups) ? me.groups.map((g) => String(g).toLowerCase()) : [])]);
  const subs = new Set<string>();
  for (const r of resources) {
    if (!/\/roleAssignments\/[^/]+$/i.test(String(r.id))) continue;
    if (!ids.has(String(o(r.properties).principalId).toLowerCase())) continue;
    const sub = /^\/subscriptions\/([^/]+)/i.exec(String(r.id))?.[1];
    if (sub) subs.add(sub.toLowerCase());
  }
  return subs;
}

export function expectedEstate(tenantFile: string, objectId: string): ExpectedEstate {
  const tenant = readTenant(tenantFile);
  const resources = tenant.resources as Json[];
  const readable = readableSubscriptions(resources, tenant.principals as Json[], objectId);
  const byId = new Map(resources.map((r) => [String(r.id).toLowerCase(), r]));
  const subEnv = (sub: string): string | undefined => envOfTags(byId.get(`/subscriptions/${sub}`)?.tags);
  const assessments = new Set(resources.filter((r) => /\/providers\/Microsoft\.Security\/assessments\/[^/]+$/i.test(String(r.id))).map((r) => String(r.id).toLowerCase()));

  const registries = resources
    .filter((r) => /\/providers\/Microsoft\.ContainerRegistry\/registries\/[^/]+$/i.test(String(r.id)))
    .map((r) => {
      const parts = String(r.id).split('/');
      const sub = (parts[2] ?? '').toLowerCase();
      const group = byId.get(parts.slice(0, 5).join('/').toLowerCase());
      return { id: String(r.id), name: String(r.name), sub, host: String(o(r.properties).loginServer ?? `${r.name}.azurecr.io`).toLowerCase(), env: envOfTags(r.tags) ?? envOfTags(group?.tags) ?? subEnv(sub) };
    })
    .filter((r) => readable.has(r.sub));

  const images = new Map<string, ExpectedImage>();
  for (const reg of registries) {
    const key = assessments.has(`${reg.id}/providers/microsoft.security/assessments/${KEY.mdvm}`.toLowerCase()) ? KEY.mdvm : KEY.qualys;
    const prefix = `${reg.id}/providers/Microsoft.Security/assessments/${key}/subAssessments/`.toLowerCase();
    for (const r of resources) {
      if (!String(r.id).toLowerCase().startsWith(prefix)) continue;
      const props = o(r.properties);
      const ad = o(props.additionalData);
      const art = o(ad.artifactDetails);
      const repo = s(art.repositoryName) ?? s(ad.repositoryName) ?? '';
      const digest = (s(art.digest) ?? s(ad.imageDigest) ?? '').toLowerCase();
      const imageKey = `${(s(art.registryHost) ?? reg.host).toLowerCase()}/${repo.toLowerCase()}@${digest}`;
      let image = images.get(imageKey);
      if (!image) {
        image = { key: imageKey, registry: reg.name, shortDigest: digest.slice(0, 15), env: reg.env, counts: { Critical: 0, High: 0, Medium: 0, Low: 0 }, fixable: 0 };
        images.set(imageKey, image);
      }
      if (String(o(props.status).code) !== 'Unhealthy') continue;
      image.counts[severityOf(props)]++;
      const sd = o(ad.softwareDetails);
      if (s(sd.fixStatus) === 'FixAvailable' || (!ad.softwareDetails && ad.patchable === true)) image.fixable++;
    }
  }
  const names = resources.filter((r) => /^\/subscriptions\/[^/]+$/i.test(String(r.id)) && readable.has(String(r.id).split('/')[2]?.toLowerCase() ?? '')).map((r) => String(r.displayName));
  return { subscriptionNames: names, registries: registries.map((r) => ({ name: r.name, env: r.env, subscriptionId: r.sub })), images: [...images.values()] };
}

/** Images with at least one open finding of these severities, in these environments (all when empty). */
export function expectedMatches(estate: ExpectedEstate, severities: readonly Sev[], environments: readonly string[] = []): ExpectedImage[] {
  return estate.images.filter(
    (i) => (environments.length === 0 || (i.env !== undefined && environments.includes(i.env))) && severities.some((sev) => i.counts[sev] > 0),
  );
}

export function totals(images: readonly ExpectedImage[]): Record<Sev, number> {
  const out: Record<Sev, number> = { Critical: 0, High: 0, Medium: 0, Low: 0 };
  for (const i of images) for (const sev of SEVERITIES) out[sev] += i.counts[sev];
  return out;
}

/** What a card's summary shows: every open finding in the environments asked, whatever severities it lists. */
export function scopeTotals(estate: ExpectedEstate, environments: readonly string[] = []): Record<Sev, number> {
  return totals(expectedMatches(estate, SEVERITIES, environments));
}
