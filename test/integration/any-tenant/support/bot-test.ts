import { createBotTest } from '../../../harness/fixture.js';
import type { OtherTenant } from './other-tenant.js';

/** What must never reach a person: a generic failure, an error reference, an Entra error code. */
export const INTERNAL = /something went wrong|\(ref [^)]*\)|AADSTS/i;

/** The usual stack on a generated tenant, its people in the Teams roster; nothing else is configured. */
export function botTestFor(other: OtherTenant, env: Record<string, string> = {}) {
  const roster = Object.values(other.people).map((p) => ({ id: p.id, name: p.name, aadObjectId: p.aadObjectId, email: p.email, userPrincipalName: p.userPrincipalName }));
  return createBotTest({ tenantFile: other.file, roster, env });
}
