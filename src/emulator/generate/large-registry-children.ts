import type { ArmResource } from './tenant-types.js';
import { daysAgo } from './builtins.js';
import type { GeneratedRegistry } from './large-estate.js';
import type { Prng } from './prng.js';

/**
 * A registry's repository-scoped tokens (some disabled) and pull-through cache rules, as ACR returns
 * them (`…/registries/{name}/tokens/{token}`, `…/cacheRules/{rule}`). Many registries have neither.
 */

const TOKEN_NAMES = ['ci-pull', 'ci-push', 'deploy', 'scanner', 'partner-read'] as const;
const UPSTREAMS = ['docker.io/library/nginx', 'docker.io/library/redis', 'mcr.microsoft.com/dotnet/runtime', 'quay.io/prometheus/prometheus'] as const;

export function* registryChildren(registry: GeneratedRegistry, prng: Prng): Generator<ArmResource> {
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
}
