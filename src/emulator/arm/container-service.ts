import type { RouteModule } from '../http/types.js';
import { API } from './api-versions.js';
import { trackedReadRoutes } from './tracked-resources.js';

/** AKS managed clusters (the SDK names the cluster parameter `resourceName`). */
export const containerServiceRoutes: RouteModule = trackedReadRoutes({
  namespace: 'Microsoft.ContainerService',
  type: 'managedClusters',
  nameParam: 'resourceName',
  apiVersions: API.containerService,
});
