import type { TokenCredential } from '@azure/core-auth';
import { PolicyClient, type PolicyAssignment } from '@azure/arm-policy';
import { isRestError } from '@azure/core-rest-pipeline';
import { armClientOptions } from '../../../../src/azure/clients.js';
import { OnBehalfOfCredentialFactory } from '../../../../src/azure/credentials.js';
import { EmulatorSsoAssertions } from '../../../../src/azure/user-assertion.js';
import type { AzureConfig } from '../../../../src/config/index.js';
import type { Persona } from '../../../harness/personas.js';
import { TEST_APP } from '../../../harness/stack.js';
import type { RunningEmulator } from '../../../../src/emulator/index.js';

/**
 * Azure as the tests check it: the emulator read through the official SDK with a person's own
 * delegated credential, never through the bot.
 */
export function azureOf(emulator: RunningEmulator): AzureConfig {
  const { baseUrl, tenantId, caCertPem } = emulator;
  return { kind: 'emulator', tenantId, clientId: TEST_APP.clientId, clientSecret: TEST_APP.clientSecret, armEndpoint: baseUrl, authorityHost: baseUrl, caCertPem };
}

export function credentialOf(emulator: RunningEmulator, persona: Persona): Promise<TokenCredential> {
  const azure = azureOf(emulator);
  const factory = new OnBehalfOfCredentialFactory(azure, new EmulatorSsoAssertions(azure.authorityHost, azure.clientId, emulator.caCertPem));
  return factory.forUser({ channelUserId: persona.id, aadObjectId: persona.aadObjectId });
}

export async function policyClientOf(emulator: RunningEmulator, persona: Persona, subscriptionId: string): Promise<PolicyClient> {
  return new PolicyClient(await credentialOf(emulator, persona), subscriptionId, armClientOptions(azureOf(emulator)));
}

/** The assignment at `scope` named `name`, or undefined on 404. */
export async function assignmentAt(client: PolicyClient, scope: string, name: string): Promise<PolicyAssignment | undefined> {
  try {
    return await client.policyAssignments.get(scope, name);
  } catch (error) {
    if (isRestError(error) && error.statusCode === 404) return undefined;
    throw error;
  }
}

/** Every assignment at exactly `scope` (a resource group). */
export async function assignmentsAt(client: PolicyClient, resourceGroup: string): Promise<PolicyAssignment[]> {
  const found: PolicyAssignment[] = [];
  for await (const a of client.policyAssignments.listForResourceGroup(resourceGroup, { filter: 'atExactScope()' })) found.push(a);
  return found;
}

/** Collects the emulator's request log, to count what reached Azure. */
export class RequestLog {
  readonly lines: string[] = [];
  readonly log = (line: string): void => {
    this.lines.push(line);
  };

  /** Requests with this method whose path contains `fragment` (case-insensitive). */
  count(method: string, fragment: string): number {
    const f = fragment.toLowerCase();
    return this.lines.filter((l) => l.startsWith(`${method} `) && l.toLowerCase().includes(f)).length;
  }
}

export const SUB = {
  prod: '1d6e3a2b-7c4f-4e5d-9a8b-000000000001',
  staging: '1d6e3a2b-7c4f-4e5d-9a8b-000000000002',
  dev: '1d6e3a2b-7c4f-4e5d-9a8b-000000000003',
} as const;

export const RG = {
  devSandbox: `/subscriptions/${SUB.dev}/resourceGroups/rg-dev-sandbox`,
  sharedTools: `/subscriptions/${SUB.dev}/resourceGroups/rg-shared-tools`,
  registriesProd: `/subscriptions/${SUB.prod}/resourceGroups/rg-registries-prod`,
} as const;
