import { personaPrincipals, TENANT_ID } from './personas.js';
import { generateResources, validateOptions, type GenerateOptions } from './large-tenant.js';
import { writeTenantFile, type WriteSummary } from './tenant-writer.js';

export { generateResources, validateOptions, type GenerateOptions, type ResourceOptions } from './large-tenant.js';
export { writeTenantFile, type WriteSummary } from './tenant-writer.js';
export { readTenantStream, type TenantStreamItem } from './tenant-reader.js';
export { buildContosoTenant, serialiseTenant } from './contoso/contoso-tenant.js';
export type { TenantFile, TenantPrincipal } from './tenant-types.js';

/**
 * Writes a large, deterministic tenant (same options and seed, same bytes) for load and scale
 * tests. The demo personas are its principals, with rights over every generated subscription.
 */
export async function generateTenant(opts: GenerateOptions): Promise<void> {
  await generateTenantWithSummary(opts);
}

/** {@link generateTenant}, also returning how many resources and bytes were written. */
export async function generateTenantWithSummary(opts: GenerateOptions): Promise<WriteSummary> {
  validateOptions(opts);
  return writeTenantFile(opts.out, { tenantId: TENANT_ID, principals: personaPrincipals() }, generateResources(opts));
}
