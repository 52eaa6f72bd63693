import https from 'node:https';
import type { PipelinePolicy } from '@azure/core-rest-pipeline';

/**
 * How an Azure SDK client (and @azure/identity's MSAL transport) trusts the emulator's dev CA:
 * a per-retry pipeline policy hands every request an https.Agent whose `ca` is exactly that CA.
 * Certificate verification stays on; nothing global changes.
 */
export function trustCaPolicy(caCertPem: string): { policy: PipelinePolicy; position: 'perCall' | 'perRetry' } {
  const agent = new https.Agent({ ca: caCertPem, keepAlive: false });
  const policy: PipelinePolicy = {
    name: 'emulatorCaTrust',
    sendRequest: (request, next) => {
      request.agent = agent;
      return next(request);
    },
  };
  return { policy, position: 'perCall' };
}
