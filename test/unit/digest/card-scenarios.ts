import { settingsReply } from '../../../src/commands/digest-reply.js';
import type { CardReply, CommandContext, Reply } from '../../../src/commands/types.js';
import { digestCard, problemCard, type DigestCardOptions } from '../../../src/domain/digest/content.js';
import { computeDelta } from '../../../src/domain/digest/delta.js';
import type { DigestCommandsPort } from '../../../src/domain/digest/ports.js';
import { CLUSTER, finding, observation, staleImage, subscription } from './support/fakes.js';

/**
 * Digest cards for the shared golden-file and schema checks (test/unit/cards): real content built by
 * the digest domain from fixed observations, so the goldens show what a channel would receive.
 */

export const DIGEST_VERBS: readonly string[] = ['digest-settings.show', 'digest-now.run', 'digest-unsubscribe.remove'];

const options: DigestCardOptions = { trigger: 'scheduled', nextRunAt: '2026-03-31T07:00:00.000Z', tenantId: '72f988bf-0000-4000-8000-00000000c0de' };
const sub = subscription();

function card(data: Record<string, unknown>, summary: string): CardReply {
  return { kind: 'card', template: 'digest', data, summary };
}

const before = observation({
  readAt: '2026-03-29T07:00:00.000Z',
  findings: [finding('CVE-2021-44228'), finding('CVE-2023-44487', 'High'), finding('CVE-2024-3094')],
  staleImages: [staleImage('legacy/batch:0.9')],
  nonCompliant: [{ fingerprint: 'nc-1', resourceId: '/subscriptions/x/resourceGroups/rg/providers/Microsoft.ContainerRegistry/registries/contosoprod', name: 'contosoprod', policy: 'Container registries should not allow unrestricted network access' }],
});
const after = observation({
  findings: [
    finding('CVE-2021-44228'),
    finding('CVE-2025-0001'),
    finding('CVE-2025-0002', 'High', CLUSTER, 'web/storefront:2026.3.1'),
    finding('CVE-2025-0003', 'High'),
  ],
  staleImages: [staleImage('legacy/batch:0.9'), staleImage('tools/migrate:1.2', 93)],
  nonCompliant: [
    ...(before.nonCompliant ?? []),
    { fingerprint: 'nc-2', resourceId: '/subscriptions/x/resourceGroups/rg/providers/Microsoft.ContainerRegistry/registries/contosopayments', name: 'contosopayments', policy: 'Container registries should have anonymous pull disabled' },
  ],
  approvals: { pending: [{ id: 'a1', title: 'Disable admin user on contosoprod', expiresAt: '2026-04-01T12:00:00.000Z' }], expiringSuppressions: [] },
  missing: ['cluster aks-contoso-prod (Azure answered 503 three times)'],
  fixFirst: [
    {
      imageKey: 'contosoprod.azurecr.io/payments/api@sha256:aa', image: 'payments/api:1.4.2', rank: 1, critical: 3, high: 2,
      reason: 'exploit in a kit · runs in prod · public IP · CVSS 9.8', upgrade: 'payments/api:1.5.0',
      resourceId: '/subscriptions/x/resourceGroups/rg/providers/Microsoft.ContainerRegistry/registries/contosoprod',
    },
  ],
});

const settingsContext = (): CommandContext => {
  const port: Pick<DigestCommandsPort, 'appIdentity'> = { appIdentity: { available: true, name: "ShipShape's read-only identity" } };
  return {
    user: { channelUserId: '29:priya', name: 'Priya Raman' },
    conversation: { id: '19:ops@thread.tacv2', type: 'channel' },
    services: { access: { whoami: async () => { throw new Error('unused'); } }, digests: port as DigestCommandsPort },
    now: () => new Date('2026-03-30T10:00:00Z'),
    botVersion: 'test',
  };
};

export const DIGEST_SCENARIOS: Readonly<Record<string, () => Promise<Reply>>> = {
  'digest-baseline': async () => {
    const c = digestCard(sub, computeDelta(undefined, before), before, options);
    return card(c.data, c.summary);
  },
  'digest-changes': async () => {
    const previous = computeDelta(undefined, before).snapshot;
    const c = digestCard(sub, computeDelta(previous, after), after, options);
    return card(c.data, c.summary);
  },
  'digest-quiet': async () => {
    const previous = computeDelta(undefined, before).snapshot;
    // Nothing changed, and one finding is under a suppression: counted as hidden, not as resolved.
    const quiet = { ...before, readAs: 'Priya Raman', findings: before.findings.map((f, i) => (i === 0 ? { ...f, suppressed: true } : f)) };
    const c = digestCard(subscription({ environment: undefined, identity: 'user' }), computeDelta(previous, quiet), quiet, { ...options, trigger: 'on-request' });
    return card(c.data, c.summary);
  },
  'digest-problem': async () => {
    const c = problemCard(subscription({ identity: 'user' }), 'Azure did not accept the sign-in of Priya Raman.', 'Say “show digest settings” to switch this digest to ShipShape’s read-only identity.', options);
    return card(c.data, c.summary);
  },
  'digest-settings': async () =>
    settingsReply(
      settingsContext(),
      [
        subscription({ lastRun: { runId: 'r1', at: '2026-03-30T07:00:00.000Z', outcome: 'sent', trigger: 'scheduled' } }),
        subscription({
          id: '19:ops@thread.tacv2|staging',
          environment: 'staging',
          identity: 'user',
          schedule: { cron: '0 16 * * 5', timeZone: 'America/New_York', label: 'Fridays at 16:00' },
          nextRunAt: '2026-04-03T20:00:00.000Z',
          status: 'disabled',
          disabledReason: 'Teams refused the message (403 BotNotInConversationRoster): ShipShape was removed from this conversation or blocked.',
          lastRun: { runId: 'r2', at: '2026-03-27T20:00:00.000Z', outcome: 'failed', trigger: 'scheduled', detail: '403 BotNotInConversationRoster' },
        }),
      ],
      'Subscribed: a digest for prod, daily at 09:00 (Europe/Paris). The first one is a baseline; later ones report what changed.',
    ),
  'digest-settings-empty': async () => settingsReply(settingsContext(), []),
};
