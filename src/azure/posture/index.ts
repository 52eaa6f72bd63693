import type { AzureConfig } from '../../config/index.js';
import { createFixProposalStore, type DocumentStore, type FixProposalStore, type PosturePort } from '../../domain/posture/index.js';
import type { CompliancePort } from '../../domain/compliance/index.js';
import type { CredentialFactory } from '../credentials.js';
import { ArmCompliance } from './arm-compliance.js';
import { ArmPosture } from './arm-posture.js';

export { ArmCompliance } from './arm-compliance.js';
export { ArmPosture } from './arm-posture.js';

/** The ports posture, compliance and assignments answers use, for the composition root. */
export function postureServices(
  azure: AzureConfig,
  credentials: CredentialFactory,
  store: DocumentStore,
): { posture: PosturePort; compliance: CompliancePort; fixProposals: FixProposalStore } {
  return { posture: new ArmPosture(azure, credentials), compliance: new ArmCompliance(azure, credentials), fixProposals: createFixProposalStore(store) };
}
