import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { TokenCredential } from '@azure/core-auth';
import { OnBehalfOfCredentialFactory } from '../../src/azure/credentials.js';
import { EmulatorSsoAssertions } from '../../src/azure/user-assertion.js';
import type { AzureConfig } from '../../src/config/index.js';
import { personas } from '../../test/harness/personas.js';
import { TEST_APP } from '../../test/harness/stack.js';
import { startChild, type Child } from './child.js';

/** The emulator a bench asks, in its own process, and Priya's view of it through the bot's own credential path. */
export interface BenchEmulator {
  emulator: Child;
  baseUrl: string;
  tenantId: string;
  caCertPem: string;
  azure: AzureConfig;
  credential: TokenCredential;
  /** Priya's ARM token, for the raw baselines. */
  token(): Promise<string>;
  /** New fault settings refill ARM's buckets and Resource Graph's quota: every sample starts fresh. */
  refill(faults: object): () => Promise<unknown>;
}

export async function startBenchEmulator(file: string, caDir: string, faults: object, findings: number): Promise<BenchEmulator> {
  const emulator = await startChild('emulator-child.ts', [file, caDir, TEST_APP.clientId, TEST_APP.clientSecret, JSON.stringify(faults)], { heapMb: findings >= 1_000_000 ? 24_000 : 8_192 });
  const baseUrl = String(emulator.ready.baseUrl);
  const tenantId = String(emulator.ready.tenantId);
  const caCertPem = readFileSync(path.join(caDir, 'ca.pem'), 'utf8');
  const azure: AzureConfig = { kind: 'emulator', tenantId, clientId: TEST_APP.clientId, clientSecret: TEST_APP.clientSecret, armEndpoint: baseUrl, authorityHost: baseUrl, caCertPem };
  const credential = await new OnBehalfOfCredentialFactory(azure, new EmulatorSsoAssertions(baseUrl, azure.clientId, caCertPem)).forUser({ channelUserId: 'bench', aadObjectId: personas.priya.aadObjectId });
  return {
    emulator, baseUrl, tenantId, caCertPem, azure, credential,
    token: async () => (await credential.getToken('https://management.azure.com/.default'))?.token ?? '',
    refill: (f) => () => emulator.ask({ type: 'faults', faults: f }),
  };
}
