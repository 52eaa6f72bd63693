import type { TokenCredential } from '@azure/core-auth';
import { ContainerRegistryManagementClient } from '@azure/arm-containerregistry';
import { ContainerServiceClient } from '@azure/arm-containerservice';
import { SecurityCenter } from '@azure/arm-security';
import { ResourceManagementClient } from '@azure/arm-resources';
import { createDefaultHttpClient, createPipelineRequest, RestError } from '@azure/core-rest-pipeline';
import { scopeParts } from '../../domain/approvals/index.js';
import type { ClusterView, RunningContainer } from '../../domain/preview/index.js';
import type { armClientOptions } from '../clients.js';

/**
 * What a preview reads beyond the resources' own bodies, through the same ARM APIs Azure Policy's
 * evaluation sees: Defender assessments on a resource, a registry's tokens and cache rules, private
 * endpoints and their DNS zone groups, and for clusters the Azure Policy add-on and the containers
 * Defender reports running.
 */

type Options = ReturnType<typeof armClientOptions>;
type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

function isNotFound(error: unknown): boolean {
  return isObject(error) && error.statusCode === 404;
}

/** `…/providers/Microsoft.Security/assessments/{name}` on the resource, as an ARM body; none when Defender has not assessed it. */
export async function readAssessment(credential: TokenCredential, options: Options, resourceId: string, name: string): Promise<Json[]> {
  const client = new SecurityCenter(credential, scopeParts(resourceId).subscriptionId ?? '', options);
  try {
    const a = await client.assessments.get(resourceId.replace(/^\//, ''), name);
    return [{ id: a.id, name: a.name, type: 'Microsoft.Security/assessments', properties: { status: { code: a.status?.code } } }];
  } catch (error) {
    if (isNotFound(error)) return [];
    throw error;
  }
}

/** A registry's repository-scoped tokens or cache rules, as ARM bodies of their own type (policy mode All judges them). */
export async function readRegistryChildren(credential: TokenCredential, options: Options, registryId: string, child: 'tokens' | 'cacheRules'): Promise<Json[]> {
  const { subscriptionId = '', resourceGroup = '', name = '' } = scopeParts(registryId);
  const client = new ContainerRegistryManagementClient(credential, subscriptionId, options);
  const type = `Microsoft.ContainerRegistry/registries/${child}`;
  const out: Json[] = [];
  if (child === 'tokens') {
    for await (const t of client.tokens.list(resourceGroup, name)) out.push({ id: t.id, name: t.name, type, properties: { status: t.status, scopeMapId: t.scopeMapId } });
  } else {
    for await (const c of client.cacheRules.list(resourceGroup, name)) out.push({ id: c.id, name: c.name, type, properties: { sourceRepository: c.sourceRepository, targetRepository: c.targetRepository } });
  }
  return out;
}

/** Rows without a Kubernetes context: `/namespaces/{ns}/{kind}s/{name}/containers/{c}` and the image the finding is about. */
function fromResourceDetails(row: Json, additional: Json): RunningContainer | undefined {
  const details = isObject(row.properties) && isObject(row.properties.resourceDetails) ? row.properties.resourceDetails : {};
  const m = /^\/namespaces\/([^/]+)\/([^/]+?)s?\/([^/]+)\/containers\/([^/]+)$/i.exec(str(details.id));
  const artifact = isObject(additional.artifactDetails) ? additional.artifactDetails : {};
  if (!m || str(artifact.registryHost) === '') return undefined;
  const tags = Array.isArray(artifact.tags) ? artifact.tags.filter((t): t is string => typeof t === 'string') : [];
  const ref = `${str(artifact.registryHost)}/${str(artifact.repositoryName)}`;
  return { namespace: m[1] ?? '', workload: m[3] ?? '', container: m[4] ?? '', image: tags[0] ? `${ref}:${tags[0]}` : `${ref}@${str(artifact.digest)}`, privileged: false };
}

/** The containers Defender's findings place on a cluster (their Kubernetes context), once each. */
export function containersFromFindings(rows: readonly Json[]): RunningContainer[] {
  const seen = new Map<string, RunningContainer>();
  const add = (found: RunningContainer): void => {
    const key = [found.namespace, found.workload, found.container, found.image].join('|').toLowerCase();
    const prior = seen.get(key);
    seen.set(key, prior ? { ...prior, privileged: prior.privileged || found.privileged } : found);
  };
  for (const row of rows) {
    const additional = isObject(row.properties) && isObject(row.properties.additionalData) ? row.properties.additionalData : {};
    const context = isObject(additional.kubernetesContext) ? additional.kubernetesContext : {};
    if (!Array.isArray(context.workloads)) {
      const older = fromResourceDetails(row, additional);
      if (older) add(older);
    }
    for (const w of Array.isArray(context.workloads) ? context.workloads.filter(isObject) : []) {
      for (const c of Array.isArray(w.containers) ? w.containers.filter(isObject) : []) {
        add({
          namespace: str(w.namespace), workload: str(w.name), container: str(c.name), image: str(c.image),
          privileged: isObject(c.securityContext) && c.securityContext.privileged === true,
        });
      }
    }
  }
  return [...seen.values()];
}

/** Every Defender finding on the cluster (MDVM or Qualys running-image scans), as ARM returns them. */
async function runningContainers(client: SecurityCenter, clusterId: string): Promise<RunningContainer[]> {
  const rows: Json[] = [];
  // The SDK's model drops the Kubernetes context of these findings: the raw pages are read instead.
  const onResponse = (response: { bodyAsText?: string | null }): void => {
    const parsed = response.bodyAsText ? (JSON.parse(response.bodyAsText) as unknown) : undefined;
    if (isObject(parsed) && Array.isArray(parsed.value)) rows.push(...parsed.value.filter(isObject));
  };
  for await (const _ of client.subAssessments.listAll(clusterId.replace(/^\//, ''), { onResponse })) void _;
  return containersFromFindings(rows);
}

/** Each cluster's Azure Policy add-on and running containers. */
export async function readClusters(credential: TokenCredential, options: Options, clusters: readonly { id: string; name: string }[]): Promise<ClusterView[]> {
  return Promise.all(
    clusters.map(async (c) => {
      const { subscriptionId = '', resourceGroup = '', name = c.name } = scopeParts(c.id);
      const body = await new ContainerServiceClient(credential, subscriptionId, options).managedClusters.get(resourceGroup, name);
      const addon = Object.entries(body.addonProfiles ?? {}).find(([k]) => k.toLowerCase() === 'azurepolicy')?.[1];
      const containers = await runningContainers(new SecurityCenter(credential, subscriptionId, options), c.id);
      return { id: body.id ?? c.id, name: body.name ?? c.name, policyAddon: addon?.enabled === true, containers };
    }),
  );
}

const NETWORK_API = '2024-05-01';
const rawClient = createDefaultHttpClient();

/** Every item of an ARM list no installed SDK covers, following `nextLink`, through an SDK client's pipeline. */
async function listRaw(credential: TokenCredential, options: Options, path: string): Promise<Json[]> {
  const pipeline = new ResourceManagementClient(credential, scopeParts(path).subscriptionId ?? '', options).pipeline;
  const out: Json[] = [];
  let url: string | undefined = `${options.endpoint.replace(/\/+$/, '')}${path}?api-version=${NETWORK_API}`;
  while (url) {
    const request = createPipelineRequest({ url, method: 'GET' });
    request.headers.set('accept', 'application/json');
    const response = await pipeline.sendRequest(rawClient, request);
    const parsed = response.bodyAsText ? (JSON.parse(response.bodyAsText) as unknown) : undefined;
    if (response.status >= 400) {
      const error = isObject(parsed) && isObject(parsed.error) ? parsed.error : {};
      throw new RestError(str(error.message) || `HTTP ${response.status}`, { code: str(error.code), statusCode: response.status, request, response });
    }
    if (isObject(parsed) && Array.isArray(parsed.value)) out.push(...parsed.value.filter(isObject));
    url = isObject(parsed) && typeof parsed.nextLink === 'string' ? parsed.nextLink : undefined;
  }
  return out;
}

/** Private endpoints in a subscription or resource group, and each one's private DNS zone groups. */
export async function readPrivateEndpoints(credential: TokenCredential, options: Options, scope: string): Promise<{ endpoints: Json[]; zoneGroups: Map<string, Json[]> }> {
  const endpoints = await listRaw(credential, options, `${scope.replace(/\/+$/, '')}/providers/Microsoft.Network/privateEndpoints`);
  const zoneGroups = new Map(await Promise.all(endpoints.map(async (e) => [str(e.id).toLowerCase(), await listRaw(credential, options, `${str(e.id)}/privateDnsZoneGroups`)] as const)));
  return { endpoints, zoneGroups };
}
