import { builtInPolicyDefinition, builtInPolicySetDefinition } from '../builtins/policy-definitions.js';
import { ArmError, type ArmResource, type EmulatorContext } from '../http/types.js';
import { nameOf, segmentsOf } from './ids.js';

/**
 * Finds policy definitions and initiatives by id: built-ins at `/providers/Microsoft.Authorization/…`,
 * custom ones in the tenant (subscription or management-group scope).
 */

export const POLICY_DEFINITION_TYPE = 'Microsoft.Authorization/policyDefinitions';
export const POLICY_SET_DEFINITION_TYPE = 'Microsoft.Authorization/policySetDefinitions';

function isTenantLevel(id: string): boolean {
  const parts = segmentsOf(id);
  return parts.length === 4 && parts[0]?.toLowerCase() === 'providers';
}

export function isPolicySetDefinitionId(id: string): boolean {
  return id.toLowerCase().includes('/providers/microsoft.authorization/policysetdefinitions/');
}

export function policyDefinitionById(ctx: EmulatorContext, id: string): ArmResource | undefined {
  if (isTenantLevel(id)) return builtInPolicyDefinition(nameOf(id));
  return ctx.store.get(id) ?? builtInPolicyDefinition(nameOf(id));
}

export function policySetDefinitionById(ctx: EmulatorContext, id: string): ArmResource | undefined {
  if (isTenantLevel(id)) return builtInPolicySetDefinition(nameOf(id));
  return ctx.store.get(id) ?? builtInPolicySetDefinition(nameOf(id));
}

export function policyDefinitionNotFound(name: string): ArmError {
  return new ArmError(404, 'PolicyDefinitionNotFound', `The policy definition '${name}' could not be found.`);
}

export function policySetDefinitionNotFound(name: string): ArmError {
  return new ArmError(404, 'PolicySetDefinitionNotFound', `The policy set definition '${name}' could not be found.`);
}

/** `properties` of a definition or assignment as a plain object. */
export function propertiesOf(resource: ArmResource | undefined): Record<string, unknown> {
  const p = resource?.properties;
  return typeof p === 'object' && p !== null && !Array.isArray(p) ? (p as Record<string, unknown>) : {};
}
