import type { RouteModule } from '../http/types.js';
import { API } from './api-versions.js';
import { applyRegistryUpdate } from './registry-update.js';
import { systemDataFor } from '../http/system-data.js';
import { refuseWhileBusy } from './busy.js';
import { operationStatusRoute, runningUpdate, startUpdate } from './registry-operations.js';
import { requireTracked, trackedReadRoutes, type TrackedType } from './tracked-resources.js';

const REGISTRIES: TrackedType = {
  namespace: 'Microsoft.ContainerRegistry',
  type: 'registries',
  nameParam: 'registryName',
  apiVersions: API.containerRegistry,
};

const WRITE = 'Microsoft.ContainerRegistry/registries/write';

export const containerRegistryRoutes: RouteModule = [
  ...trackedReadRoutes(REGISTRIES),
  {
    method: 'PATCH',
    pattern: '/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.ContainerRegistry/registries/{registryName}',
    apiVersions: API.containerRegistry,
    /**
     * `registries.update` is a long-running operation: by default the emulator applies the change at
     * once and answers 200 `Succeeded` (no polling header: the SDK's poller is done); with the
     * `asyncRegistryUpdates` knob it answers 201 `Updating` with an `Azure-AsyncOperation` to poll, as
     * ACR may. A registry with an update running, or named busy, refuses the write with 409.
     */
    handler: (req, ctx) => {
      const stored = requireTracked(ctx, req.caller, REGISTRIES, req.params, WRITE);
      refuseWhileBusy(ctx, stored.id, runningUpdate(req, ctx, stored.id));
      const updated = applyRegistryUpdate(stored, req.body);
      updated.systemData = systemDataFor(req.caller, ctx.now(), stored);
      const async = ctx.knobs().asyncRegistryUpdates;
      if (async) return startUpdate(req, ctx, updated, async.polls ?? 1);
      return { status: 200, body: ctx.store.put(updated) };
    },
  },
  operationStatusRoute(REGISTRIES),
];
