import { Agent } from 'node:https';
import type { PipelinePolicy } from '@azure/core-rest-pipeline';

/**
 * Trusts one extra CA (the local emulator's) for requests made through an Azure SDK pipeline.
 * Certificate checks stay on: the agent only replaces the set of trusted roots.
 */
export function trustCaPolicy(caCertPem: string): PipelinePolicy {
  const agent = new Agent({ ca: caCertPem, keepAlive: true });
  return {
    name: 'shipshapeTrustEmulatorCa',
    sendRequest(request, next) {
      request.agent ??= agent;
      return next(request);
    },
  };
}

/** The pipeline options every SDK client and credential gets for the configured Azure. */
export function pipelineOptions(caCertPem: string | undefined): {
  additionalPolicies: Array<{ policy: PipelinePolicy; position: 'perCall' }>;
} {
  return { additionalPolicies: caCertPem ? [{ policy: trustCaPolicy(caCertPem), position: 'perCall' }] : [] };
}
