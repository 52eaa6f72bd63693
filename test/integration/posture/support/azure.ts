import type { TokenCredential } from '@azure/core-auth';
import { armClientOptions } from '../../../../src/azure/clients.js';
import { OnBehalfOfCredentialFactory } from '../../../../src/azure/credentials.js';
import { EmulatorSsoAssertions } from '../../../../src/azure/user-assertion.js';
import type { AzureConfig } from '../../../../src/config/index.js';
import type { Persona } from '../../../harness/personas.js';
import { TEST_APP, type Stack } from '../../../harness/stack.js';

/** The stack's Azure (the emulator) as the SDK sees it, with a person's own delegated credential. */
export function azureOf(stack: Stack): AzureConfig {
  const { baseUrl, tenantId, caCertPem } = stack.emulator;
  return { kind: 'emulator', tenantId, clientId: TEST_APP.clientId, clientSecret: TEST_APP.clientSecret, armEndpoint: baseUrl, authorityHost: baseUrl, caCertPem };
}

export async function credentialOf(stack: Stack, persona: Persona): Promise<TokenCredential> {
  const azure = azureOf(stack);
  const factory = new OnBehalfOfCredentialFactory(azure, new EmulatorSsoAssertions(azure.authorityHost, azure.clientId, stack.emulator.caCertPem));
  return factory.forUser({ channelUserId: persona.id, aadObjectId: persona.aadObjectId });
}

export function clientOptionsOf(stack: Stack) {
  return armClientOptions(azureOf(stack));
}
