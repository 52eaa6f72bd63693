import type { ArmResource } from '../http/types.js';
import { armTypeOf, nameOf, resourceGroupOf, subscriptionIdOf } from './ids.js';
import { propertiesOf } from './policy-catalog.js';
import { isObject } from './policy-fields.js';
import type { AssignedPolicy } from './policy-members.js';

/** Policy Insights' PolicyState rows: every field of the REST examples, in their order. */

export type PolicyStateRow = Record<string, unknown>;

const ROW_FIELDS = [
  'timestamp', 'resourceId', 'policyAssignmentId', 'policyDefinitionId', 'effectiveParameters', 'isCompliant', 'subscriptionId',
  'resourceType', 'resourceLocation', 'resourceGroup', 'resourceTags', 'policyAssignmentName', 'policyAssignmentOwner',
  'policyAssignmentParameters', 'policyAssignmentScope', 'policyDefinitionName', 'policyDefinitionAction', 'policyDefinitionCategory',
  'policySetDefinitionId', 'policySetDefinitionName', 'policySetDefinitionOwner', 'policySetDefinitionCategory',
  'policySetDefinitionParameters', 'managementGroupIds', 'policyDefinitionReferenceId', 'complianceState', 'policyDefinitionGroupNames',
  'policyDefinitionVersion', 'policySetDefinitionVersion', 'policyAssignmentVersion',
] as const;

/** The deprecated `isCompliant` flag: true only for states that are not a problem. */
export function isCompliantState(complianceState: string): boolean {
  return complianceState === 'Compliant' || complianceState === 'Exempt';
}

/** A row with every field null, for filling in rows written into the tenant with fewer fields. */
export function blankRow(timestamp: string): PolicyStateRow {
  const row: PolicyStateRow = Object.fromEntries(ROW_FIELDS.map((f) => [f, null]));
  row.timestamp = timestamp;
  row.policyDefinitionGroupNames = [];
  return row;
}

export function rowFor(policy: AssignedPolicy, resource: ArmResource, complianceState: string, timestamp: string): PolicyStateRow {
  const a = propertiesOf(policy.assignment);
  const d = propertiesOf(policy.definition);
  const set = policy.setDefinition ? propertiesOf(policy.setDefinition) : undefined;
  const category = (p: Record<string, unknown> | undefined) => (isObject(p?.metadata) ? (p.metadata.category ?? null) : null);
  return {
    timestamp,
    resourceId: resource.id,
    policyAssignmentId: policy.assignment.id,
    policyDefinitionId: policy.definition.id,
    effectiveParameters: JSON.stringify(policy.parameters),
    isCompliant: isCompliantState(complianceState),
    subscriptionId: subscriptionIdOf(resource.id) ?? '',
    // Policy Insights writes the type with a leading slash.
    resourceType: `/${resource.type ?? armTypeOf(resource.id) ?? ''}`,
    resourceLocation: typeof resource.location === 'string' ? resource.location : '',
    resourceGroup: resourceGroupOf(resource.id) ?? '',
    resourceTags: JSON.stringify(resource.tags ?? {}),
    policyAssignmentName: policy.assignment.name ?? nameOf(policy.assignment.id),
    policyAssignmentOwner: 'tbd',
    policyAssignmentParameters: JSON.stringify(a.parameters ?? {}),
    policyAssignmentScope: a.scope ?? '',
    policyDefinitionName: policy.definition.name ?? nameOf(policy.definition.id),
    policyDefinitionAction: policy.effect,
    policyDefinitionCategory: category(d) ?? 'tbd',
    policySetDefinitionId: policy.setDefinition?.id ?? '',
    policySetDefinitionName: policy.setDefinition?.name ?? '',
    policySetDefinitionOwner: null,
    policySetDefinitionCategory: set ? category(set) : null,
    policySetDefinitionParameters: null,
    managementGroupIds: '',
    policyDefinitionReferenceId: policy.referenceId ?? '',
    complianceState,
    policyDefinitionGroupNames: policy.groupNames,
    policyDefinitionVersion: d.version ?? '1.0.0',
    policySetDefinitionVersion: set?.version ?? '',
    policyAssignmentVersion: '1.0.0',
  };
}
