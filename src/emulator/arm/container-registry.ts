import type { RouteModule } from '../http/types.js';
import { API } from './api-versions.js';
import { applyRegistryUpdate } from './registry-update.js';
import { systemDataFor } from '../http/system-data.js';
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
     * `registries.update` is a long-running operation in the SDK; the emulator applies the change at
     * once and answers 200 with `provisioningState: Succeeded` and no polling header, which the SDK's
     * poller takes as a finished operation.
     */
    handler: (req, ctx) => {
      const stored = requireTracked(ctx, req.caller, REGISTRIES, req.params, WRITE);
      const updated = applyRegistryUpdate(stored, req.body);
      updated.systemData = systemDataFor(req.caller, ctx.now(), stored);
      return { status: 200, body: ctx.store.put(updated) };
    },
  },
];
