import type { Route } from '../http/types.js';
import { containerInstanceRoutes } from './container-instance.js';
import { containerRegistryRoutes } from './container-registry.js';
import { containerServiceRoutes } from './container-service.js';
import { registryChildRoutes } from './registry-children.js';
import { privateEndpointRoutes } from './private-endpoints.js';
import { diagnosticSettingRoutes } from './diagnostic-settings.js';
import { permissionRoutes } from './permissions.js';
import { policyAssignmentRoutes } from './policy-assignments.js';
import { policyDefinitionRoutes } from './policy-definitions.js';
import { policyExemptionRoutes } from './policy-exemptions.js';
import { policyStateRoutes } from './policy-states.js';
import { remediationRoutes } from './remediations.js';
import { resourceGroupRoutes } from './resource-groups.js';
import { roleAssignmentRoutes } from './role-assignments.js';
import { roleDefinitionRoutes } from './role-definitions.js';
import { securityRoutes } from './security.js';
import { subscriptionRoutes } from './subscriptions.js';

/** Every ARM resource route the emulator serves; the core's router orders them by specificity. */
export const armRoutes: Route[] = [
  ...subscriptionRoutes,
  ...resourceGroupRoutes,
  ...securityRoutes,
  ...containerRegistryRoutes,
  ...registryChildRoutes,
  ...privateEndpointRoutes,
  ...containerInstanceRoutes,
  ...containerServiceRoutes,
  ...policyDefinitionRoutes,
  ...policyAssignmentRoutes,
  ...policyExemptionRoutes,
  ...policyStateRoutes,
  ...remediationRoutes,
  ...roleAssignmentRoutes,
  ...roleDefinitionRoutes,
  ...permissionRoutes,
  ...diagnosticSettingRoutes,
];
