import { ENVIRONMENTS, type Environment } from '../environment.js';
import { ApprovedRegistries } from './approved-registries.js';
import type { ImageIntel } from './image-intel.js';
import type { KubernetesPolicies } from './kubernetes.js';
import type { Offer } from './offers.js';
import { clusterImagesRule, imagesRule, registriesRule } from './rules-supply.js';
import { clusterNetworkRule, credentialsRule, networkRule, privilegeRule } from './rules-runtime.js';
import { clusterMonitoringRule, kubernetesRule, monitoringRule, registryAuditIssue, registryAuditOffer } from './rules-oversight.js';
import { GUARDRAIL_IDS, type GuardrailId, type RegistryFacts, type Workload, type WorkloadEstate } from './types.js';
import { notApplicable, type Issue, type RuleContext, type Verdict } from './verdict.js';

/** The use case: every workload a person can read, judged against every guardrail, worst first. */

export interface GuardrailSettings {
  /** Registry hosts (or `host/path` prefixes, `*.domain` wildcards) approved besides the tenant's own registries. */
  approvedRegistries: readonly string[];
  /** Images last pushed longer ago than this are stale. */
  staleImageDays: number;
}

export interface WorkloadReport {
  workload: Workload;
  /** One per guardrail, in {@link GUARDRAIL_IDS} order. */
  verdicts: Verdict[];
  fails: number;
  warns: number;
  unknowns: number;
}

export interface RegistryAuditRow {
  registry: RegistryFacts;
  issue: Issue;
  offer: Offer | undefined;
}

export interface EnvironmentReport {
  /** Undefined: workloads with no environment tag anywhere above them. */
  environment: Environment | undefined;
  workloads: WorkloadReport[];
  /** Registries of this environment without a complete audit trail. */
  registries: RegistryAuditRow[];
  /** Per guardrail: how many workloads it applies to, and how many break it, weaken it or cannot be judged. */
  counts: Record<GuardrailId, GuardrailCounts>;
}

export interface GuardrailCounts {
  applicable: number;
  fail: number;
  warn: number;
  unknown: number;
}

export interface GuardrailReport {
  estate: WorkloadEstate;
  environments: EnvironmentReport[];
  /** "your 7 registries + mcr.microsoft.com". */
  approved: string;
  /** Login servers and configured entries, for the allowed-images policy's pattern. */
  approvedEntries: string[];
  staleDays: number;
  images: Pick<ImageIntel, 'available' | 'complete' | 'lastScan'>;
  kubernetesAvailable: boolean;
}

export interface CheckInputs {
  settings: GuardrailSettings;
  images: ImageIntel;
  kubernetes: KubernetesPolicies;
  now: Date;
}

export function ruleContext(estate: WorkloadEstate, inputs: CheckInputs): RuleContext {
  return {
    approved: new ApprovedRegistries(estate.registries.map((r) => r.loginServer), inputs.settings.approvedRegistries),
    images: inputs.images,
    registriesByServer: new Map(estate.registries.map((r) => [r.loginServer.toLowerCase(), r])),
    kubernetes: inputs.kubernetes,
    staleDays: inputs.settings.staleImageDays,
    now: inputs.now,
  };
}

function verdictsOf(workload: Workload, ctx: RuleContext): Verdict[] {
  const rules: Record<GuardrailId, () => Verdict> =
    workload.kind === 'aci'
      ? {
          registries: () => registriesRule(workload, ctx),
          credentials: () => credentialsRule(workload, ctx),
          privilege: () => privilegeRule(workload),
          network: () => networkRule(workload),
          images: () => imagesRule(workload, ctx),
          monitoring: () => monitoringRule(workload, ctx),
          kubernetes: () => notApplicable('kubernetes'),
        }
      : {
          registries: () => notApplicable('registries'),
          credentials: () => notApplicable('credentials'),
          privilege: () => notApplicable('privilege'),
          network: () => clusterNetworkRule(workload),
          images: () => clusterImagesRule(workload, ctx),
          monitoring: () => clusterMonitoringRule(workload),
          kubernetes: () => kubernetesRule(workload, ctx),
        };
  return GUARDRAIL_IDS.map((id) => rules[id]());
}

export function judgeWorkload(workload: Workload, ctx: RuleContext): WorkloadReport {
  const verdicts = verdictsOf(workload, ctx);
  const count = (status: string): number => verdicts.filter((v) => v.status === status).length;
  return { workload, verdicts, fails: count('fail'), warns: count('warn'), unknowns: count('unknown') };
}

/** Worst first: most broken guardrails, then most weakened, then most unknown; then by name. */
export function compareReports(a: WorkloadReport, b: WorkloadReport): number {
  return b.fails - a.fails || b.warns - a.warns || b.unknowns - a.unknowns || a.workload.name.localeCompare(b.workload.name);
}

export function verdictFor(report: WorkloadReport, guardrail: GuardrailId): Verdict {
  return report.verdicts.find((v) => v.guardrail === guardrail) ?? notApplicable(guardrail);
}

function emptyCounts(): Record<GuardrailId, GuardrailCounts> {
  return Object.fromEntries(GUARDRAIL_IDS.map((id) => [id, { applicable: 0, fail: 0, warn: 0, unknown: 0 }])) as Record<GuardrailId, GuardrailCounts>;
}

/** Environments in the order people care about; untagged last. */
export function environmentOrder(env: Environment | undefined): number {
  return env === undefined ? ENVIRONMENTS.length : ENVIRONMENTS.indexOf(env);
}

export function checkGuardrails(estate: WorkloadEstate, inputs: CheckInputs): GuardrailReport {
  const ctx = ruleContext(estate, inputs);
  const workloads: Workload[] = [...estate.groups, ...estate.clusters];
  const keys = new Set<Environment | undefined>([...workloads.map((w) => w.environment), ...estate.registries.map((r) => r.environment)]);
  const environments = [...keys]
    .sort((a, b) => environmentOrder(a) - environmentOrder(b))
    .map((environment): EnvironmentReport => {
      const reports = workloads.filter((w) => w.environment === environment).map((w) => judgeWorkload(w, ctx)).sort(compareReports);
      const counts = emptyCounts();
      for (const r of reports) {
        for (const v of r.verdicts) {
          const c = counts[v.guardrail];
          if (v.status === 'na') continue;
          c.applicable++;
          if (v.status === 'fail' || v.status === 'warn' || v.status === 'unknown') c[v.status]++;
        }
      }
      const registries = estate.registries
        .filter((r) => r.environment === environment)
        .flatMap((registry) => {
          const issue = registryAuditIssue(registry);
          return issue ? [{ registry, issue, offer: registryAuditOffer(registry) }] : [];
        })
        .sort((a, b) => a.registry.name.localeCompare(b.registry.name));
      return { environment, workloads: reports, registries, counts };
    });
  return {
    estate,
    environments,
    approved: ctx.approved.describe(),
    approvedEntries: [...estate.registries.map((r) => r.loginServer.toLowerCase()), ...ctx.approved.configured],
    staleDays: inputs.settings.staleImageDays,
    images: { available: inputs.images.available, complete: inputs.images.complete, lastScan: inputs.images.lastScan },
    kubernetesAvailable: inputs.kubernetes.available,
  };
}
