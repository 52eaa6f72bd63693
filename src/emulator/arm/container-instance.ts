import type { RouteModule } from '../http/types.js';
import { API } from './api-versions.js';
import { trackedReadRoutes } from './tracked-resources.js';

/** Azure Container Instances: container groups (`properties.containers[].properties.image`). */
export const containerInstanceRoutes: RouteModule = trackedReadRoutes({
  namespace: 'Microsoft.ContainerInstance',
  type: 'containerGroups',
  nameParam: 'containerGroupName',
  apiVersions: API.containerInstance,
});
