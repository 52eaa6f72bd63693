import { parseDeployedImage, type DeployedImage } from '../findings/index.js';

/**
 * Approved registries: the tenant's own container registries plus a configured list. A configured
 * entry is a host (`mcr.microsoft.com`), a host with a repository prefix (`docker.io/contoso`), or a
 * wildcard host (`*.azurecr.io`).
 */

const DOCKER_HUB_ALIASES: ReadonlySet<string> = new Set(['index.docker.io', 'registry-1.docker.io', 'registry.hub.docker.com', 'hub.docker.com']);
const ENTRY = /^(\*\.)?[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:\d{1,5})?(\/[a-z0-9._/-]+)?$/;

/** An image reference as deployed, with Docker Hub's many host names folded into `docker.io`. */
export function imageOf(reference: string): DeployedImage | undefined {
  const parsed = parseDeployedImage(reference);
  if (!parsed) return undefined;
  return DOCKER_HUB_ALIASES.has(parsed.registryHost) ? { ...parsed, registryHost: 'docker.io' } : parsed;
}

/** Lower case, without a scheme or trailing slash; undefined for anything that is not an entry. */
export function normalizeApprovedEntry(entry: string): string | undefined {
  const e = entry.trim().toLowerCase().replace(/^https?:\/\//, '').replace(/\/+$/, '');
  if (!ENTRY.test(e)) return undefined;
  const [host = '', ...path] = e.split('/');
  return [DOCKER_HUB_ALIASES.has(host) ? 'docker.io' : host, ...path].join('/');
}

function entryMatches(entry: string, image: DeployedImage): boolean {
  const slash = entry.indexOf('/');
  const host = slash >= 0 ? entry.slice(0, slash) : entry;
  const prefix = slash >= 0 ? entry.slice(slash + 1) : '';
  const hostOk = host.startsWith('*.') ? image.registryHost.endsWith(host.slice(1)) : image.registryHost === host;
  if (!hostOk) return false;
  return prefix === '' || image.repository === prefix || image.repository.startsWith(`${prefix}/`);
}

export type Approval =
  | { verdict: 'approved'; via: 'own' | 'configured' }
  | { verdict: 'unapproved'; host: string }
  /** An Azure registry the person cannot read: it may well be the tenant's own. */
  | { verdict: 'unknown'; host: string; reason: string };

export class ApprovedRegistries {
  private readonly own: ReadonlySet<string>;
  readonly configured: readonly string[];

  /** `ownLoginServers`: every registry the person can read; `configured`: entries from the configuration. */
  constructor(ownLoginServers: Iterable<string>, configured: Iterable<string>) {
    this.own = new Set([...ownLoginServers].map((s) => s.toLowerCase()));
    this.configured = [...configured].map(normalizeApprovedEntry).filter((e): e is string => e !== undefined);
  }

  judge(reference: string): Approval {
    const image = imageOf(reference);
    if (!image) return { verdict: 'unknown', host: reference, reason: 'not an image reference ShipShape can read' };
    if (this.own.has(image.registryHost)) return { verdict: 'approved', via: 'own' };
    if (this.configured.some((entry) => entryMatches(entry, image))) return { verdict: 'approved', via: 'configured' };
    if (/\.azurecr\.(io|cn|us)$/.test(image.registryHost)) {
      return { verdict: 'unknown', host: image.registryHost, reason: 'an Azure registry you can’t read, so ShipShape can’t tell whether it is your own' };
    }
    return { verdict: 'unapproved', host: image.registryHost };
  }

  /** "your 7 registries + mcr.microsoft.com", for the answer's subtitle. */
  describe(): string {
    const own = `your ${this.own.size} ${this.own.size === 1 ? 'registry' : 'registries'}`;
    return this.configured.length === 0 ? own : `${own} + ${this.configured.join(', ')}`;
  }
}
