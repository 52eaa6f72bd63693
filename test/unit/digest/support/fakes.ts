import type { Activity, ConversationReference } from 'botbuilder';
import { fingerprint, unitKey } from '../../../../src/domain/digest/fingerprint.js';
import type { DigestObserver, Viewer } from '../../../../src/domain/digest/ports.js';
import type { DigestSubscription, Observation, ObservedFinding, ObservedImage } from '../../../../src/domain/digest/types.js';
import type { Environment } from '../../../../src/domain/environment.js';
import type { ProactiveSender } from '../../../../src/proactive/bot-sender.js';
import { SendFailure } from '../../../../src/proactive/send-failure.js';

/** Test doubles for digests: an estate that changes when the test says so, and a Teams that records. */

export const SUB_PROD = '1d6e3a2b-7c4f-4e5d-9a8b-000000000001';
export const REGISTRY = `/subscriptions/${SUB_PROD}/resourceGroups/rg-registries-prod/providers/Microsoft.ContainerRegistry/registries/contosoprod`;
export const CLUSTER = `/subscriptions/${SUB_PROD}/resourceGroups/rg-aks-prod/providers/Microsoft.ContainerService/managedClusters/aks-contoso-prod`;

export function finding(cve: string, severity: 'Critical' | 'High' = 'Critical', resourceId = REGISTRY, image = 'payments/api:1.4.2'): ObservedFinding {
  return {
    fingerprint: fingerprint(`contosoprod.azurecr.io/${image}`, cve),
    unit: unitKey(SUB_PROD, resourceId),
    severity,
    id: cve,
    title: cve,
    image,
    registryHost: 'contosoprod.azurecr.io',
    resourceId,
    fixable: true,
  };
}

export function staleImage(image: string, ageDays = 120, resourceId = REGISTRY): ObservedImage {
  return {
    fingerprint: fingerprint(`contosoprod.azurecr.io/${image}`),
    unit: unitKey(SUB_PROD, resourceId),
    image,
    registryHost: 'contosoprod.azurecr.io',
    lastPushed: '2026-01-01T00:00:00Z',
    ageDays,
    resourceId,
  };
}

export function observation(partial: Partial<Observation> = {}): Observation {
  return {
    readAt: '2026-03-30T07:00:00.000Z',
    readAs: "ShipShape's read-only identity",
    scopeLabel: '1 subscription · 1 registry',
    findings: [],
    staleImages: [],
    nonCompliant: undefined,
    approvals: undefined,
    failedUnits: [],
    failedSubscriptions: [],
    missing: [],
    ...partial,
  };
}

export function subscription(partial: Partial<DigestSubscription> = {}): DigestSubscription {
  return {
    id: '19:general@thread.tacv2|prod',
    conversationKey: '19:general@thread.tacv2',
    conversationType: 'channel',
    tenantId: '72f988bf-0000-4000-8000-00000000c0de',
    environment: 'prod',
    schedule: { cron: '0 9 * * *', timeZone: 'Europe/Paris', label: 'daily at 09:00' },
    identity: 'app',
    subscriber: { channelUserId: '29:priya', aadObjectId: '3f2a1c4e-5b6d-4e7f-8a9b-0c1d2e3f4a51', name: 'Priya Raman' },
    createdAt: '2026-03-01T00:00:00.000Z',
    updatedAt: '2026-03-01T00:00:00.000Z',
    status: 'active',
    nextRunAt: '2026-03-30T07:00:00.000Z',
    ...partial,
  };
}

/** An estate the test edits between runs; every read is recorded with who read it. */
export class FakeObserver implements DigestObserver {
  readonly reads: { viewer: Viewer; environment: Environment | undefined; at: string }[] = [];
  current: Observation | Error = observation();
  delayMs = 0;

  async observe(viewer: Viewer, environment: Environment | undefined, now: Date): Promise<Observation> {
    this.reads.push({ viewer, environment, at: now.toISOString() });
    if (this.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.delayMs));
    if (this.current instanceof Error) throw this.current;
    return { ...structuredClone(this.current), readAt: now.toISOString() };
  }
}

export interface SentMessage {
  conversationId: string;
  activity: Partial<Activity>;
  at: number;
}

/** Records every send; `answer` decides per conversation (default: accepted). */
export class FakeSender implements ProactiveSender {
  readonly sent: SentMessage[] = [];
  readonly attempts: SentMessage[] = [];
  answer: (conversationId: string, attempt: number) => { status: number; retryAfterMs?: number } = () => ({ status: 200 });
  latencyMs = 0;

  async send(reference: Partial<ConversationReference>, activity: Partial<Activity>): Promise<{ activityId: string | undefined }> {
    const conversationId = reference.conversation?.id ?? '';
    const entry = { conversationId, activity, at: Date.now() };
    this.attempts.push(entry);
    if (this.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, this.latencyMs));
    const tries = this.attempts.filter((a) => a.conversationId === conversationId).length;
    const { status, retryAfterMs } = this.answer(conversationId, tries);
    if (status >= 300) throw new SendFailure(`HTTP ${status}`, status, retryAfterMs, status === 403 ? 'BotNotInConversationRoster' : undefined);
    this.sent.push(entry);
    return { activityId: `activity-${this.sent.length}` };
  }

  to(conversationId: string): SentMessage[] {
    return this.sent.filter((s) => s.conversationId === conversationId);
  }
}
