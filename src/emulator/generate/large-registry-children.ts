import type { ArmResource } from './tenant-types.js';
import { daysAgo } from './builtins.js';
import type { GeneratedRegistry } from './large-estate.js';
import type { Prng } from './prng.js';

/**
 * A registry's repository-scoped tokens (some disabled) and pull-through cache rules, as ACR returns
 * them (`…/registries/{name}/tokens/{token}`, `…/cacheRules/{rule}`); many registries have neither.
 * And the private endpoint its private endpoint connection names, some with a private DNS zone group.
 */

const TOKEN_NAMES = ['ci-pull', 'ci-push', 'deploy', 'scanner', 'partner-read'] as const;
const UPSTREAMS = ['docker.io/library/nginx', 'docker.io/library/redis', 'mcr.microsoft.com/dotnet/runtime', 'quay.io/prometheus/prometheus'] as const;

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The private endpoint behind each of the registry body's connections. */
function* privateEndpoints(registry: GeneratedRegistry, body: ArmResource, prng: Prng): Generator<ArmResource> {
  const props = isObject(body.properties) ? body.properties : {};
  const connections = Array.isArray(props.privateEndpointConnections) ? props.privateEndpointConnections.filter(isObject) : [];
  for (const c of connections) {
    const cp = isObject(c.properties) ? c.properties : {};
    const id = isObject(cp.privateEndpoint) && typeof cp.privateEndpoint.id === 'string' ? cp.privateEndpoint.id : undefined;
    if (!id) continue;
    const name = id.split('/').pop() ?? '';
    const group = id.split('/providers/')[0] ?? '';
    yield {
      id, name, type: 'Microsoft.Network/privateEndpoints', location: typeof body.location === 'string' ? body.location : 'westeurope',
      properties: {
        provisioningState: 'Succeeded',
        subnet: { id: `${group}/providers/Microsoft.Network/virtualNetworks/vnet-${registry.sub.env}/subnets/private-endpoints` },
        privateLinkServiceConnections: [{
          name: String(c.name ?? name), id: `${id}/privateLinkServiceConnections/${String(c.name ?? name)}`, type: 'Microsoft.Network/privateEndpoints/privateLinkServiceConnections',
          properties: { privateLinkServiceId: registry.id, groupIds: ['registry'], privateLinkServiceConnectionState: cp.privateLinkServiceConnectionState },
        }],
      },
    };
    if (prng.chance(0.5)) {
      yield {
        id: `${id}/privateDnsZoneGroups/default`, name: 'default', type: 'Microsoft.Network/privateEndpoints/privateDnsZoneGroups',
        properties: {
          provisioningState: 'Succeeded',
          privateDnsZoneConfigs: [{ name: 'privatelink-azurecr-io', properties: { privateDnsZoneId: `${group}/providers/Microsoft.Network/privateDnsZones/privatelink.azurecr.io` } }],
        },
      };
    }
  }
}

export function* registryChildren(registry: GeneratedRegistry, body: ArmResource, prng: Prng): Generator<ArmResource> {
  const tokens = prng.chance(0.6) ? prng.int(1, 3) : 0;
  for (const i of prng.distinctIndices(TOKEN_NAMES.length, tokens)) {
    const name = TOKEN_NAMES[i] as string;
    yield {
      id: `${registry.id}/tokens/${name}`,
      name,
      type: 'Microsoft.ContainerRegistry/registries/tokens',
      properties: {
        creationDate: daysAgo(prng.int(5, 400)),
        provisioningState: 'Succeeded',
        scopeMapId: `${registry.id}/scopeMaps/_repositories_pull`,
        status: prng.chance(0.35) ? 'disabled' : 'enabled',
      },
    };
  }
  const rules = prng.chance(0.4) ? prng.int(1, 2) : 0;
  for (const i of prng.distinctIndices(UPSTREAMS.length, rules)) {
    const source = UPSTREAMS[i] as string;
    const name = `cache-${source.split('/').pop() ?? 'rule'}`;
    yield {
      id: `${registry.id}/cacheRules/${name}`,
      name,
      type: 'Microsoft.ContainerRegistry/registries/cacheRules',
      properties: { sourceRepository: source, targetRepository: `upstream/${source.split('/').pop() ?? 'image'}`, creationDate: daysAgo(prng.int(5, 400)), provisioningState: 'Succeeded' },
    };
  }
  yield* privateEndpoints(registry, body, prng);
}
