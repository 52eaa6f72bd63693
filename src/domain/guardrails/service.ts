import { UserError } from '../errors.js';
import type { UserIdentity } from '../identity.js';
import { checkGuardrails, type GuardrailReport, type GuardrailSettings } from './check.js';
import { NO_IMAGE_INTEL, imageIntelFromView, type ImageIntel } from './image-intel.js';
import { NO_KUBERNETES_POLICIES, isAssigned, kubernetesFromCompliance, type KubernetesPolicies } from './kubernetes.js';
import { parseFixId, proposalFor, type Proposal } from './offers.js';
import type { ImageFindingsSource, PolicyComplianceSource, WorkloadPort } from './ports.js';
import type { WorkloadEstate } from './types.js';

export interface GuardrailsServiceDeps {
  workloads: WorkloadPort;
  /** Without it, every image is "unknown". */
  images?: ImageFindingsSource;
  /** Without it, Kubernetes policies are "unknown". */
  policies?: PolicyComplianceSource;
  settings: GuardrailSettings;
  /** Reports a part that could not be read (never with secrets: only errors of the findings and compliance reads). */
  onPartFailed?: (part: 'images' | 'policies', error: unknown) => void;
}

/** The answer to a fix button: what would change, or that nothing needs to. */
export interface FixAnswer {
  proposal: Proposal;
  /** False when the target no longer needs the fix. */
  needed: boolean;
  targetName: string;
  targetId: string;
  tenantId: string | undefined;
}

/**
 * Reads what runs, what Defender knows about its images and how the Kubernetes policies judge the
 * clusters, all at once and with the asking person's rights, and judges every workload.
 */
export class GuardrailsService {
  constructor(private readonly deps: GuardrailsServiceDeps) {}

  get settings(): GuardrailSettings {
    return this.deps.settings;
  }

  /** `staleDays` overrides the configured age when the question names one ("older than 30 days"). */
  async check(user: UserIdentity, now: Date, options: { staleDays?: number } = {}): Promise<GuardrailReport> {
    const images = this.images(user);
    const estate = await this.deps.workloads.estate(user);
    const kubernetes = estate.clusters.length > 0 ? await this.kubernetes(user) : NO_KUBERNETES_POLICIES;
    const settings = options.staleDays === undefined ? this.deps.settings : { ...this.deps.settings, staleImageDays: options.staleDays };
    return checkGuardrails(estate, { settings, images: await images, kubernetes, now });
  }

  /** A fix button, pressed: the target re-read as the person who pressed it, and the change that would fix it. */
  async fix(user: UserIdentity, fixId: unknown, now: Date): Promise<FixAnswer> {
    const parsed = parseFixId(fixId);
    if (!parsed) throw new UserError('That fix button does not name anything ShipShape can look up.', { reason: 'bad-action-data' });
    const estate = await this.deps.workloads.estate(user);
    const id = parsed.targetId.toLowerCase();
    const registry = estate.registries.find((r) => r.id.toLowerCase() === id);
    const cluster = estate.clusters.find((c) => c.id.toLowerCase() === id);
    const target = parsed.kind === 'disable-admin-user' || parsed.kind === 'registry-audit-logs' ? registry : cluster;
    if (!target) {
      throw new UserError(`You can’t read ${parsed.targetId.split('/').pop() ?? 'that resource'}, or it no longer exists.`, {
        hint: 'Ask someone with Reader on it to check it.',
        reason: 'forbidden',
      });
    }
    const report = checkGuardrails(estate, { settings: this.deps.settings, images: NO_IMAGE_INTEL, kubernetes: NO_KUBERNETES_POLICIES, now });
    const proposal = proposalFor(parsed.kind, target, { approved: report.approvedEntries, workspaceId: workspaceOf(estate, registry?.audit.workspaceId) });
    return { proposal, needed: await this.stillNeeded(user, parsed.kind, estate, target.id), targetName: target.name, targetId: target.id, tenantId: estate.tenantId };
  }

  private async stillNeeded(user: UserIdentity, kind: string, estate: WorkloadEstate, targetId: string): Promise<boolean> {
    const registry = estate.registries.find((r) => r.id.toLowerCase() === targetId.toLowerCase());
    if (kind === 'disable-admin-user') return registry?.adminUserEnabled === true;
    if (kind === 'registry-audit-logs') return registry?.audit.state !== 'complete';
    const policies = await this.kubernetes(user);
    const policy = kind === 'assign-allowed-images' ? 'allowed-images' : 'no-privileged';
    const judged = policies.byCluster.get(targetId.toLowerCase())?.some((s) => s.policy === policy) ?? false;
    return !(judged || isAssigned(policies, policy, targetId));
  }

  private async images(user: UserIdentity): Promise<ImageIntel> {
    if (!this.deps.images) return NO_IMAGE_INTEL;
    try {
      // Every environment: an image running in prod may live in a registry tagged otherwise.
      return imageIntelFromView(await this.deps.images.view(user, { environments: [] }));
    } catch (error) {
      this.deps.onPartFailed?.('images', error);
      return NO_IMAGE_INTEL;
    }
  }

  private async kubernetes(user: UserIdentity): Promise<KubernetesPolicies> {
    if (!this.deps.policies) return NO_KUBERNETES_POLICIES;
    try {
      const data = await this.deps.policies.policyStates(user, { environments: [], registries: [] }, { includeCompliant: true });
      return kubernetesFromCompliance(data.states, data.assignments);
    } catch (error) {
      this.deps.onPartFailed?.('policies', error);
      return NO_KUBERNETES_POLICIES;
    }
  }
}

/** What a failed part is worth logging: its kind and status, never a message that might quote data. */
export function failureSummary(error: unknown): { name: string; reason?: string; statusCode?: number } {
  const e = (error ?? {}) as { name?: unknown; reason?: unknown; statusCode?: unknown };
  return {
    name: typeof e.name === 'string' ? e.name : typeof error,
    ...(typeof e.reason === 'string' ? { reason: e.reason } : {}),
    ...(typeof e.statusCode === 'number' ? { statusCode: e.statusCode } : {}),
  };
}

/** The workspace to propose: the registry's own, else the one most other registries send to. */
function workspaceOf(estate: WorkloadEstate, own: string | undefined): string | undefined {
  if (own) return own;
  // Diagnostic settings spell the same workspace id in more than one casing: count them as one.
  const counts = new Map<string, { id: string; count: number }>();
  for (const r of estate.registries) {
    const id = r.audit.workspaceId;
    if (!id) continue;
    const entry = counts.get(id.toLowerCase()) ?? { id, count: 0 };
    counts.set(id.toLowerCase(), { id: entry.id, count: entry.count + 1 });
  }
  return [...counts.values()].sort((a, b) => b.count - a.count || a.id.localeCompare(b.id))[0]?.id;
}
