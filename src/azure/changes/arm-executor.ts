import type { TokenCredential } from '@azure/core-auth';
import { ContainerRegistryManagementClient } from '@azure/arm-containerregistry';
import { PolicyClient } from '@azure/arm-policy';
import { PolicyInsightsClient } from '@azure/arm-policyinsights';
import { isRestError } from '@azure/core-rest-pipeline';
import type { AzureConfig } from '../../config/index.js';
import { scopeParts, type ArmChangeSpec, type ArmOperation, type ChangeExecutor, type ExecutionResult, type Person } from '../../domain/approvals/index.js';
import type { UserIdentity } from '../../domain/identity.js';
import { armClientOptions } from '../clients.js';
import type { CredentialFactory } from '../credentials.js';
import { failureOf, ResponseRecorder } from './failures.js';
import { API_VERSIONS, parameterValues, planOperation } from './operations.js';
import { sendArm } from './raw-arm.js';

function identityOf(person: Person): UserIdentity {
  return { channelUserId: person.channelUserId ?? person.objectId, aadObjectId: person.objectId, name: person.name };
}

const MESSAGES: Readonly<Record<ArmChangeSpec['kind'], string>> = {
  'assign-policy': 'Policy assigned.',
  'unassign-policy': 'Policy assignment removed.',
  'registry-update': 'Registry updated.',
  remediate: 'Remediation task created.',
  exempt: 'Exemption created.',
};

/**
 * Runs approved changes in Azure with the approver's own delegated credential (never the app's), one
 * SDK call per change, and reports Azure's status code and correlation id.
 */
export class ArmChangeExecutor implements ChangeExecutor {
  private readonly options;

  constructor(
    private readonly azure: AzureConfig,
    private readonly credentials: CredentialFactory,
  ) {
    this.options = armClientOptions(azure);
  }

  plan(change: ArmChangeSpec): ArmOperation {
    return planOperation(change);
  }

  async execute(change: ArmChangeSpec, as: Person): Promise<ExecutionResult> {
    const recorder = new ResponseRecorder();
    try {
      const credential = await this.credentials.forUser(identityOf(as));
      const resourceId = await this.send(credential, change, recorder);
      return {
        ok: true,
        status: recorder.status ?? 200,
        resourceId,
        message: MESSAGES[change.kind],
        ...(recorder.correlationId ? { correlationId: recorder.correlationId } : {}),
      };
    } catch (error) {
      return failureOf(error, recorder);
    }
  }

  private async send(credential: TokenCredential, change: ArmChangeSpec, recorder: ResponseRecorder): Promise<string> {
    const operation = planOperation(change);
    const { onResponse } = recorder;
    const sub = scopeParts(operation.path).subscriptionId ?? '';
    switch (change.kind) {
      case 'assign-policy': {
        const body = operation.body as { location?: string; identity?: { type: 'SystemAssigned' } };
        const created = await new PolicyClient(credential, sub, this.options).policyAssignments.create(
          change.scope,
          change.assignmentName,
          {
            ...(body.location ? { location: body.location, identity: { type: 'SystemAssigned' } } : {}),
            displayName: change.displayName,
            policyDefinitionId: change.definitionId,
            parameters: parameterValues(change.parameters),
            enforcementMode: 'Default',
            description: change.description,
            metadata: change.metadata,
          },
          { onResponse },
        );
        return created.id ?? operation.path;
      }
      case 'unassign-policy': {
        const { name } = scopeParts(change.assignmentId);
        const scope = change.assignmentId.slice(0, change.assignmentId.toLowerCase().lastIndexOf('/providers/microsoft.authorization/'));
        await new PolicyClient(credential, sub, this.options).policyAssignments.delete(scope, name ?? '', { onResponse });
        return change.assignmentId;
      }
      case 'registry-update': {
        const { resourceGroup, name } = scopeParts(change.registryId);
        const { sku, ...settings } = change.settings;
        const updated = await new ContainerRegistryManagementClient(credential, sub, this.options).registries.beginUpdateAndWait(
          resourceGroup ?? '',
          name ?? '',
          { ...settings, ...(sku ? { sku: { name: sku } } : {}) },
          { onResponse },
        );
        return updated.id ?? change.registryId;
      }
      case 'remediate': {
        const insights = new PolicyInsightsClient(credential, sub, this.options);
        const parameters = { policyAssignmentId: change.assignmentId, resourceDiscoveryMode: 'ExistingNonCompliant' as const };
        const { resourceGroup, name } = scopeParts(change.scope);
        const created = name
          ? await insights.remediations.createOrUpdateAtResource(change.scope, change.remediationName, parameters, { onResponse })
          : resourceGroup
            ? await insights.remediations.createOrUpdateAtResourceGroup(resourceGroup, change.remediationName, parameters, { onResponse })
            : await insights.remediations.createOrUpdateAtSubscription(change.remediationName, parameters, { onResponse });
        return created.id ?? operation.path;
      }
      case 'exempt': {
        const pipeline = new PolicyClient(credential, sub, this.options).pipeline;
        const result = await sendArm(pipeline, this.azure.armEndpoint, 'PUT', operation.path, API_VERSIONS.policyExemptions, operation.body, onResponse);
        return (result.body as { id?: string } | undefined)?.id ?? operation.path;
      }
    }
  }

  /** Looks (a GET) for the change's result; undefined when Azure cannot tell us. */
  async verify(change: ArmChangeSpec, as: Person): Promise<{ done: boolean; resourceId?: string } | undefined> {
    const credential = await this.credentials.forUser(identityOf(as));
    const operation = planOperation(change);
    const sub = scopeParts(operation.path).subscriptionId ?? '';
    const absent = (error: unknown): boolean => isRestError(error) && error.statusCode === 404;
    try {
      switch (change.kind) {
        case 'assign-policy': {
          const found = await new PolicyClient(credential, sub, this.options).policyAssignments.get(change.scope, change.assignmentName);
          return { done: found.policyDefinitionId?.toLowerCase() === change.definitionId.toLowerCase(), resourceId: found.id ?? operation.path };
        }
        case 'unassign-policy': {
          const pipeline = new PolicyClient(credential, sub, this.options).pipeline;
          await sendArm(pipeline, this.azure.armEndpoint, 'GET', change.assignmentId, API_VERSIONS.policyAssignments);
          return { done: false };
        }
        case 'registry-update': {
          const { resourceGroup, name } = scopeParts(change.registryId);
          const registry = await new ContainerRegistryManagementClient(credential, sub, this.options).registries.get(resourceGroup ?? '', name ?? '');
          const { sku, ...settings } = change.settings;
          const same = Object.entries(settings).every(([k, v]) => (registry as unknown as Record<string, unknown>)[k] === v) && (!sku || registry.sku.name === sku);
          return { done: same, resourceId: change.registryId };
        }
        case 'remediate':
        case 'exempt': {
          const pipeline = new PolicyClient(credential, sub, this.options).pipeline;
          await sendArm(pipeline, this.azure.armEndpoint, 'GET', operation.path, operation.apiVersion);
          return { done: true, resourceId: operation.path };
        }
      }
    } catch (error) {
      if (!absent(error)) return undefined;
      return change.kind === 'unassign-policy' ? { done: true, resourceId: change.assignmentId } : { done: false };
    }
  }
}
