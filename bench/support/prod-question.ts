import type { TokenCredential } from '@azure/core-auth';
import { ContainerRegistryManagementClient } from '@azure/arm-containerregistry';
import { ResourceManagementClient } from '@azure/arm-resources';
import { SubscriptionClient } from '@azure/arm-resources-subscriptions';
import { SecurityCenter } from '@azure/arm-security';
import { armClientOptions } from '../../src/azure/clients.js';
import { environmentOf } from '../../src/azure/findings/estate-reader.js';
import { scanPlan } from '../../src/azure/findings/scan-plan.js';
import { FINDING_FIELDS, IMAGE_FIELDS, findingsBatches, type SubscriptionUnits } from '../../src/azure/resourcegraph/finding-queries.js';
import { splitRowId } from '../../src/azure/resourcegraph/packed-findings.js';
import { readEstate } from '../../src/azure/resourcegraph/graph-estate.js';
import type { AzureConfig } from '../../src/config/index.js';
import { environmentFromTags } from '../../src/domain/environment.js';
import { RawGraph } from './raw-graph.js';
import { rawGetter } from './raw-get.js';

/**
 * "Which prod images have criticals", answered four ways besides ShipShape itself. Each returns the
 * answer's numbers, so that every sample is checked against the tenant's truth.
 */

export interface ProdAnswer {
  ms: number;
  /** Prod images with at least one open critical finding, and those findings. */
  images: number;
  criticals: number;
  requests?: number;
  note?: string;
}

type Json = Record<string, unknown>;
type Tags = Record<string, string> | undefined;
const MDVM = 'c0b7cfc6-3172-465a-b378-53c7ff2cc0d5';
const o = (v: unknown): Json => (v !== null && typeof v === 'object' ? (v as Json) : {});

/** Adds one sub-assessment (REST or Resource Graph row) to the answer when it is an open critical. */
function tally(item: unknown, images: Set<string>, counter: { criticals: number }): void {
  const props = o(o(item).properties);
  const data = o(props.additionalData);
  if (o(props.status).code !== 'Unhealthy' || o(data.vulnerabilityDetails).severity !== 'Critical') return;
  const a = o(data.artifactDetails);
  images.add(`${String(a.registryHost).toLowerCase()}/${String(a.repositoryName)}@${String(a.digest)}`);
  counter.criticals++;
}

/** Adds one packed Resource Graph row (an image and its open findings) to the answer. */
function tallyPacked(row: Json, images: Set<string>, counter: { criticals: number }): void {
  const image = splitRowId(row.id)?.image ?? [];
  const open = Array.isArray(row.f) ? (row.f as { f?: unknown[] }[]) : [];
  const criticals = open.filter((item) => item.f?.[FINDING_FIELDS.severity] === 'Critical').length;
  if (criticals === 0) return;
  images.add(`${String(image[IMAGE_FIELDS.registryHost]).toLowerCase()}/${String(image[IMAGE_FIELDS.repositoryName])}@${String(image[IMAGE_FIELDS.digest])}`);
  counter.criticals += criticals;
}

/**
 * What a person scripts with the official SDK: subscriptions, then per subscription its resource
 * groups and registries (for the environment tags) and every sub-assessment (`listAll`), kept in
 * memory; then the prod registries' open criticals, grouped by image. `parallel`: subscriptions with
 * `Promise.all`, as a person who knows about it writes.
 */
export async function naiveProd(azure: AzureConfig, credential: TokenCredential, parallel: boolean): Promise<ProdAnswer> {
  const started = performance.now();
  const options = armClientOptions(azure);
  const subs: { id: string; tags: Tags }[] = [];
  for await (const s of new SubscriptionClient(credential, options).subscriptions.list()) if (s.subscriptionId) subs.push({ id: s.subscriptionId, tags: s.tags });
  const perSubscription = async (sub: { id: string; tags: Tags }) => {
    const groups = new Map<string, Tags>();
    for await (const g of new ResourceManagementClient(credential, sub.id, options).resourceGroups.list()) groups.set(String(g.name).toLowerCase(), g.tags);
    const prodRegistries = new Set<string>();
    for await (const r of new ContainerRegistryManagementClient(credential, sub.id, options).registries.list()) {
      const rg = String(r.id).split('/')[4]?.toLowerCase() ?? '';
      if (environmentOf(r.tags, groups.get(rg), environmentFromTags(sub.tags)) === 'prod') prodRegistries.add(String(r.id).toLowerCase());
    }
    const all = [];
    for await (const f of new SecurityCenter(credential, sub.id, options).subAssessments.listAll(`subscriptions/${sub.id}`)) all.push(f);
    return { prodRegistries, all };
  };
  const results = [];
  if (parallel) results.push(...(await Promise.all(subs.map(perSubscription))));
  else for (const sub of subs) results.push(await perSubscription(sub));
  const images = new Set<string>();
  const counter = { criticals: 0 };
  for (const { prodRegistries, all } of results) {
    for (const f of all) {
      const id = String(f.id).toLowerCase();
      const cut = id.indexOf(`/providers/microsoft.security/assessments/${MDVM}/`);
      if (cut < 0 || !prodRegistries.has(id.slice(0, cut))) continue;
      tally({ properties: { status: f.status, additionalData: f.additionalData } }, images, counter);
    }
  }
  return { ms: performance.now() - started, images: images.size, criticals: counter.criticals };
}

/** Raw GETs over one pool, `nextLink` followed, 429s waiting for `Retry-After`. */
function rawArm(baseUrl: string, caCertPem: string, token: string) {
  const http = rawGetter(caCertPem, token);
  const once = http.get;
  const stats = { requests: 0 };
  const each = async (path: string, onPage: (items: Json[]) => void): Promise<void> => {
    for (let url: string | undefined = `${baseUrl}${path}`; url; ) {
      const answer = await once(url);
      stats.requests++;
      if (answer.status === 429) {
        await new Promise((r) => setTimeout(r, answer.retryAfter * 1000));
        continue;
      }
      if (answer.status !== 200) throw new Error(`HTTP ${answer.status} for ${url}`);
      const page = JSON.parse(answer.body) as { value?: Json[]; nextLink?: string };
      onPage(page.value ?? []);
      url = page.nextLink;
    }
  };
  const all = async (path: string): Promise<Json[]> => {
    const out: Json[] = [];
    await each(path, (items) => out.push(...items));
    return out;
  };
  return { each, all, stats, close: () => http.close() };
}

/**
 * The per-subscription physical limit for this question: every subscription's lists in parallel, then
 * the MDVM findings of the prod registries whose assessment is Unhealthy, raw, only parsed.
 */
export async function perSubscriptionIdeal(baseUrl: string, caCertPem: string, token: string): Promise<ProdAnswer> {
  const arm = rawArm(baseUrl, caCertPem, token);
  const started = performance.now();
  const images = new Set<string>();
  const counter = { criticals: 0 };
  const subs = await arm.all('/subscriptions?api-version=2022-12-01');
  await Promise.all(
    subs.map(async (s) => {
      const sub = `/subscriptions/${String(s.subscriptionId)}`;
      const [groups, registries, assessments] = await Promise.all([
        arm.all(`${sub}/resourcegroups?api-version=2025-04-01`),
        arm.all(`${sub}/providers/Microsoft.ContainerRegistry/registries?api-version=2025-11-01`),
        arm.all(`${sub}/providers/Microsoft.Security/assessments?api-version=2021-06-01`),
      ]);
      const groupTags = new Map(groups.map((g) => [String(g.name).toLowerCase(), g.tags as Tags]));
      const unhealthy = new Set(assessments.filter((a) => o(o(a.properties).status).code === 'Unhealthy' && a.name === MDVM).map((a) => String(a.id).toLowerCase().split('/providers/microsoft.security/')[0]));
      const prod = registries.filter((r) => unhealthy.has(String(r.id).toLowerCase()) && environmentOf(r.tags as Tags, groupTags.get(String(r.id).split('/')[4]?.toLowerCase() ?? ''), environmentFromTags(s.tags as Tags)) === 'prod');
      await Promise.all(prod.map((r) => arm.each(`${String(r.id)}/providers/Microsoft.Security/assessments/${MDVM}/subAssessments?api-version=2019-01-01-preview`, (items) => items.forEach((f) => tally(f, images, counter)))));
    }),
  );
  const ms = performance.now() - started;
  arm.close();
  return { ms, images: images.size, criticals: counter.criticals, requests: arm.stats.requests };
}

/**
 * The Resource Graph physical limit: the subscription list, the four estate queries, then the same
 * findings queries ShipShape sends (one packed row per image), all as raw POSTs (the planning between
 * them is ShipShape's own, pure code).
 */
export async function graphIdeal(baseUrl: string, caCertPem: string, token: string): Promise<ProdAnswer> {
  const arm = rawArm(baseUrl, caCertPem, token);
  const graph = new RawGraph(baseUrl, caCertPem, token);
  const signal = new AbortController().signal;
  const started = performance.now();
  const subs = (await arm.all('/subscriptions?api-version=2022-12-01')).map((s) => ({ id: String(s.subscriptionId), name: String(s.displayName), tenantId: undefined, environment: environmentFromTags(s.tags as Tags) }));
  const estates = await readEstate(graph, subs, signal);
  const perSubscription: SubscriptionUnits[] = [];
  for (const sub of subs) {
    const estate = estates.get(sub.id.toLowerCase());
    if (!estate) continue;
    const plan = scanPlan(sub.id, { environments: ['prod'] }, estate.states, estate.registries, estate.clusters, (r) => environmentOf(r.tags, estate.groupTags.get(r.resourceGroup.toLowerCase()), sub.environment));
    const planned = new Set(plan.units.map((u) => u.unit.id));
    perSubscription.push({ subscriptionId: sub.id, planned: plan.units, skipped: [...estate.states.keys()].filter((k) => !planned.has(k)) });
  }
  const images = new Set<string>();
  const counter = { criticals: 0 };
  for (const batch of findingsBatches(perSubscription)) await graph.each(batch.query, batch.subscriptions, signal, (rows) => rows.forEach((row) => tallyPacked(row, images, counter)));
  const ms = performance.now() - started;
  arm.close();
  graph.close();
  return { ms, images: images.size, criticals: counter.criticals, requests: arm.stats.requests + graph.stats.requests, note: `${graph.stats.requests} queries, ${graph.stats.rows} rows, ${(graph.stats.bytes / 1048576).toFixed(1)} MB, ${graph.stats.throttled} × 429` };
}
