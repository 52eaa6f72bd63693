import type { TenantFile } from '../tenant-types.js';
import { TENANT_ID, personaPrincipals } from '../personas.js';
import { registryBody } from '../registry-body.js';
import { estateResources } from './contoso-estate.js';
import { REGISTRIES } from './contoso-registries.js';
import { registryFindingResources } from './contoso-findings.js';
import { workloadResources } from './contoso-workloads.js';
import { governanceResources } from './contoso-governance.js';

/**
 * The Contoso demo tenant, built from its story tables. `src/emulator/tenants/contoso.json` is
 * this value serialised; a test keeps the two in step.
 */
export function buildContosoTenant(): TenantFile {
  return {
    tenantId: TENANT_ID,
    principals: personaPrincipals(),
    resources: [
      ...estateResources(),
      ...Object.values(REGISTRIES).map(registryBody),
      ...workloadResources(),
      ...registryFindingResources(),
      ...governanceResources(),
    ],
  };
}

/** The file text: two-space JSON with a final newline. */
export function serialiseTenant(tenant: TenantFile): string {
  return `${JSON.stringify(tenant, null, 2)}\n`;
}
