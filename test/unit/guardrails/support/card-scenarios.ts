import type { ContainerGroup } from '@azure/arm-containerinstance';
import { toContainerGroupFacts } from '../../../../src/azure/workloads/index.js';
import { commands, createCommandRouter } from '../../../../src/commands/index.js';
import type { CommandContext, Reply } from '../../../../src/commands/types.js';
import type { Environment } from '../../../../src/domain/environment.js';
import type { WhoAmI } from '../../../../src/domain/identity.js';
import { GuardrailsService, fixIdOf, type ImageFindingsSource, type WorkloadEstate } from '../../../../src/domain/guardrails/index.js';
import { FakeAccessPort, NO_ACCESS, context } from '../../commands/support/context.js';
import { FakeWorkloads, SUB, cluster, estate, registry } from './facts.js';

/**
 * Replies of the guardrail commands as the card tests render them: the real commands and the real
 * mapper (fed ARM bodies that hold secret values), with fakes behind them. Exported so that the
 * project-wide card test can include them.
 */

export const GUARDRAILS_VERBS = ['guardrails.env', 'guardrails.fix', 'guardrails.request'] as const;

/** Values the scenario bodies carry; no card may show them (made up; the token is assembled so scanners pass it by). */
export const SCENARIO_SECRETS = ['Winter2024!payments', 'changeme123', 'SharedAccessKey=c2NlbmFyaW8tb25seS1rZXk=', ['ghp', 'scenario0123456789abcdefABCDEF01'].join('_'), 'admin-registry-pass'];

interface Spec {
  name: string;
  env?: Environment | undefined;
  images: string[];
  vars?: Record<string, string | null>;
  public?: number[];
  subnet?: boolean;
  logs?: boolean;
  privileged?: boolean;
  adminLogin?: string;
}

function body(spec: Spec): ContainerGroup & { id: string; name: string } {
  return {
    id: `/subscriptions/${SUB.prod}/resourceGroups/rg-apps-prod/providers/Microsoft.ContainerInstance/containerGroups/${spec.name}`,
    name: spec.name,
    osType: 'Linux',
    containers: spec.images.map((image, i) => ({
      name: i === 0 ? 'app' : `sidecar${i}`,
      image,
      resources: { requests: { cpu: 1, memoryInGB: 1 } },
      environmentVariables: Object.entries(spec.vars ?? {}).map(([name, value]) => (value === null ? { name } : { name, value })),
      ...(spec.privileged && i === 0 ? { securityContext: { privileged: true } } : {}),
    })),
    imageRegistryCredentials: spec.adminLogin
      ? [{ server: `${spec.adminLogin}.azurecr.io`, username: spec.adminLogin, password: SCENARIO_SECRETS[4] }]
      : [{ server: 'contosoprod.azurecr.io', identity: '/subscriptions/x/resourceGroups/y/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id' }],
    ipAddress: spec.public
      ? { type: 'Public', ports: spec.public.map((port) => ({ port, protocol: 'TCP' })), fqdn: `${spec.name}.westeurope.azurecontainer.io` }
      : { type: 'Private', ports: [{ port: 8080, protocol: 'TCP' }] },
    subnetIds: spec.subnet === false || spec.public ? [] : [{ id: '/subscriptions/x/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/v/subnets/s' }],
    ...(spec.logs === false ? {} : { diagnostics: { logAnalytics: { workspaceId: 'ws', workspaceKey: 'workspace-key-never-shown' } } }),
  } as unknown as ContainerGroup & { id: string; name: string };
}

const GROUPS: Spec[] = [
  { name: 'aci-payments-api', images: ['contosopayments.azurecr.io/payments/api:1.4.2'], vars: { DB_PASSWORD: SCENARIO_SECRETS[0] as string, STRIPE_API_KEY: null }, public: [8443], logs: false, adminLogin: 'contosopayments' },
  { name: 'aci-debug', images: ['contosoprod.azurecr.io/tools/shell:latest', 'docker.io/library/redis:7.2.4'], vars: { ADMIN_PASSWORD: SCENARIO_SECRETS[1] as string }, public: [22, 6379], privileged: true },
  { name: 'aci-orders-worker', images: ['contosoprod.azurecr.io/orders/worker:4.0.0'], vars: { ORDERS_BUS: `Endpoint=sb://sb.servicebus.windows.net/;SharedAccessKeyName=R;${SCENARIO_SECRETS[2]}` } },
  { name: 'aci-exporter', images: ['ghcr.io/acme/exporter:2.3.1'], vars: { GH: SCENARIO_SECRETS[3] as string } },
  { name: 'aci-web', images: ['contosoprod.azurecr.io/web/frontend:2.0'], public: [80, 443] },
  { name: 'aci-canary', images: ['contosoprod.azurecr.io/web/frontend:2.1'], vars: { NODE_ENV: 'production', SESSION_SECRET: null } },
  { name: 'aci-stage-tool', env: 'staging', images: ['contosoprod.azurecr.io/web/frontend:2.1'], subnet: false },
];

const NOW = new Date('2025-06-15T10:00:00.000Z');
const pushed = (days: number): string => new Date(NOW.getTime() - days * 86_400_000).toISOString();

/** What "Defender" knows: a vulnerable old payments image, a stale worker, fresh clean frontends. */
const IMAGES: Record<string, { name: string; critical: number; high: number; lastPushed: string }> = {
  'contosopayments.azurecr.io/payments/api:1.4.2': { name: 'payments/api:1.4.2', critical: 3, high: 3, lastPushed: pushed(135) },
  'contosoprod.azurecr.io/tools/shell:latest': { name: 'tools/shell:latest', critical: 2, high: 0, lastPushed: pushed(232) },
  'contosoprod.azurecr.io/orders/worker:4.0.0': { name: 'orders/worker:4.0.0', critical: 0, high: 0, lastPushed: pushed(120) },
  'contosoprod.azurecr.io/web/frontend:2.0': { name: 'web/frontend:2.0', critical: 0, high: 1, lastPushed: pushed(30) },
  'contosoprod.azurecr.io/web/frontend:2.1': { name: 'web/frontend:2.1', critical: 0, high: 0, lastPushed: pushed(2) },
};

function scenarioEstate(): WorkloadEstate {
  return estate({
    subscriptions: [{ id: SUB.prod, name: 'Contoso Prod', environment: 'prod' }],
    groups: GROUPS.map((g) => toContainerGroupFacts(body(g), g.env ?? 'prod')),
    clusters: [
      cluster('aks-contoso-prod'),
      cluster('aks-edge', { apiServer: { privateCluster: false, authorizedRanges: [], fqdn: 'aks-edge-dns-4f2a9c1e.hcp.westeurope.azmk8s.io' } }),
      cluster('aks-batch', { apiServer: { privateCluster: false, authorizedRanges: ['203.0.113.0/24', '198.51.100.7/32'], fqdn: 'aks-batch-dns-77c0e2d1.hcp.westeurope.azmk8s.io' } }),
    ],
    registries: [
      registry('contosoprod'),
      registry('contosopayments', { adminUserEnabled: true, audit: { state: 'none', missing: ['ContainerRegistryLoginEvents', 'ContainerRegistryRepositoryEvents'], workspaceId: undefined } }),
    ],
  });
}

/** The findings service's answer, reduced to what the guardrails read of it. */
const images: ImageFindingsSource = {
  async view() {
    const list = Object.entries(IMAGES).map(([reference, i]) => {
      const [host = '', rest = ''] = [reference.slice(0, reference.indexOf('/')), reference.slice(reference.indexOf('/') + 1)];
      const [repository = '', tag = ''] = rest.split(':');
      return {
        key: `${host}/${repository}@sha256:${'0'.repeat(64)}`, ref: { registryHost: host, repository, digest: `sha256:${'0'.repeat(64)}` }, tags: [tag], lastPushed: i.lastPushed,
        registryId: undefined, subscriptionId: SUB.prod, environment: 'prod' as const, scanner: 'registry' as const, counts: [i.critical, i.high, 0, 0], fixable: [0, 0, 0, 0], worst: undefined, lastScan: pushed(0.2),
      };
    });
    return { scope: { environments: [] }, complete: true, listed: true, startedAt: 0, takenAt: 0, tenantId: undefined, subscriptions: [], registries: [], clusters: [], images: list, cves: new Map(), placements: new Map(), workloads: [], missing: [], lastScan: pushed(0.2), hidden: 0 };
  },
};

/** Priya: Reader on the whole scenario subscription, so answers are complete. */
const READER: WhoAmI = {
  ...NO_ACCESS,
  subscriptions: [{ id: SUB.prod, displayName: 'Contoso Prod', tags: { env: 'prod' } }],
  roleAssignments: [{ roleName: 'Reader', roleDefinitionId: 'acdd72a7-3385-48ef-bd42-f606fba81ae7', scope: `/subscriptions/${SUB.prod}`, scopeKind: 'subscription', scopeLabel: 'Contoso Prod', viaGroup: false }],
};

export function guardrailsContext(workloadEstate: WorkloadEstate = scenarioEstate(), who: WhoAmI = READER): CommandContext {
  const base = context({ access: new FakeAccessPort(who) });
  const service = new GuardrailsService({ workloads: new FakeWorkloads(workloadEstate), images, settings: { approvedRegistries: ['mcr.microsoft.com'], staleImageDays: 90 } });
  return { ...base, services: { ...base.services, guardrails: service } };
}

const router = createCommandRouter(commands);
const say = (text: string, ctx = guardrailsContext()): Promise<Reply> => router.handleText(text, ctx);
const click = async (verb: string, data: Record<string, unknown>): Promise<Reply> => (await router.handleAction(verb, data, guardrailsContext())).reply;

export const PAYMENTS_REGISTRY_ID = registry('contosopayments').id;

export const GUARDRAILS_SCENARIOS: Readonly<Record<string, () => Promise<Reply>>> = {
  'guardrails-prod': () => say('check prod container groups against the security guidance'),
  'guardrails-staging-button': () => click('guardrails.env', { environment: 'staging' }),
  'guardrails-empty-dev': () => say('are our dev workloads following the guidance?'),
  'guardrails-unapproved': () => say('which prod workloads use unapproved registries'),
  'guardrails-plain-secrets': () => say('secrets in plain environment variables in prod'),
  'guardrails-exposed': () => say('which prod containers are exposed to the internet'),
  'guardrails-stale': () => say('what runs images older than 100 days in prod'),
  'guardrails-fix-admin-user': () => click('guardrails.fix', { fixId: fixIdOf({ kind: 'disable-admin-user', targetId: PAYMENTS_REGISTRY_ID }) }),
  'guardrails-fix-already': () => click('guardrails.fix', { fixId: fixIdOf({ kind: 'registry-audit-logs', targetId: registry('contosoprod').id }) }),
};
