import type { ArmRequest, ArmResource, ArmResponse, EmulatorContext, ResourceStore, Route } from '../http/types.js';
import { API } from './api-versions.js';
import { resourceNotFound } from './errors.js';
import { requireTracked, type TrackedType } from './tracked-resources.js';

/**
 * Registry updates that ACR answers asynchronously (`asyncRegistryUpdates` knob): the PATCH answers 201
 * with the registry `Updating` and an `Azure-AsyncOperation` URL
 * (`{registry}/operationStatuses/registries-{guid}`), which reports `InProgress` until the configured
 * number of polls has been made, then `Succeeded` — and only then is the registry `Succeeded` again.
 */

interface Operation {
  registryId: string;
  name: string;
  startTime: string;
  pollsLeft: number;
  endTime?: string;
}

/** Operations per emulator (its store), so several emulators in one process keep theirs apart. */
const running = new WeakMap<ResourceStore, Map<string, Operation>>();

function operationsOf(ctx: EmulatorContext): Map<string, Operation> {
  let ops = running.get(ctx.store);
  if (!ops) running.set(ctx.store, (ops = new Map()));
  return ops;
}

const statusUrl = (req: ArmRequest, op: Operation) => `${req.baseUrl}${op.registryId}/operationStatuses/${op.name}?api-version=${req.apiVersion}`;

/** The status URL of an update still running on this registry, if one is. */
export function runningUpdate(req: ArmRequest, ctx: EmulatorContext, registryId: string): string | undefined {
  const op = [...operationsOf(ctx).values()].find((o) => o.endTime === undefined && o.registryId.toLowerCase() === registryId.toLowerCase());
  return op ? statusUrl(req, op) : undefined;
}

/** Stores `updated` as `Updating` and answers 201 with the status URL to poll. */
export function startUpdate(req: ArmRequest, ctx: EmulatorContext, updated: ArmResource, polls: number): ArmResponse {
  const op: Operation = { registryId: updated.id, name: `registries-${ctx.newId()}`, startTime: ctx.now().toISOString(), pollsLeft: Math.max(0, polls) };
  operationsOf(ctx).set(op.name.toLowerCase(), op);
  const body = ctx.store.put({ ...updated, properties: { ...(updated.properties as Record<string, unknown>), provisioningState: 'Updating' } });
  return { status: 201, body, headers: { 'Azure-AsyncOperation': statusUrl(req, op), 'Retry-After': '1' } };
}

function finish(ctx: EmulatorContext, op: Operation): void {
  op.endTime = ctx.now().toISOString();
  const registry = ctx.store.get(op.registryId);
  if (registry) ctx.store.put({ ...registry, properties: { ...(registry.properties as Record<string, unknown>), provisioningState: 'Succeeded' } });
}

export function operationStatusRoute(t: TrackedType): Route {
  return {
    method: 'GET',
    pattern: `/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/${t.namespace}/${t.type}/{${t.nameParam}}/operationStatuses/{operationId}`,
    apiVersions: API.containerRegistry,
    handler: (req, ctx): ArmResponse => {
      const registry = requireTracked(ctx, req.caller, t, req.params, `${t.namespace}/${t.type}/read`);
      const op = operationsOf(ctx).get((req.params.operationId ?? '').toLowerCase());
      if (!op || op.registryId.toLowerCase() !== registry.id.toLowerCase()) throw resourceNotFound(`${t.namespace}/${t.type}/operationStatuses`, req.params.operationId ?? '');
      if (op.endTime === undefined && op.pollsLeft-- <= 0) finish(ctx, op);
      const id = `${registry.id}/operationStatuses/${op.name}`;
      const body = { id, name: op.name, status: op.endTime === undefined ? 'InProgress' : 'Succeeded', startTime: op.startTime, ...(op.endTime ? { endTime: op.endTime } : {}) };
      const headers: Record<string, string> = op.endTime === undefined ? { 'Retry-After': '1' } : {};
      return { status: 200, body, headers };
    },
  };
}
