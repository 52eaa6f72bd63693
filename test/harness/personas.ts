import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RosterMember } from './connector.js';

/**
 * The demo tenant's people as Teams shows them. Object ids are the fixed ids of the demo tenant
 * (src/emulator/tenants/contoso.json); the Teams channel ids (`29:…`) are stable made-up values.
 */
export interface Persona {
  key: string;
  name: string;
  /** Teams channel account id, `29:…`. */
  id: string;
  /** Entra object id, as Teams sends it in `from.aadObjectId`. */
  aadObjectId: string;
  email: string;
  userPrincipalName: string;
}

export const DEMO_TENANT_ID = '72f988bf-0000-4000-8000-00000000c0de';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const DEMO_TENANT_FILE = path.join(repoRoot, 'src', 'emulator', 'tenants', 'contoso.json');

function persona(key: string, name: string, aadObjectId: string, mail: string): Persona {
  // A Teams user id is opaque; deriving it from the object id keeps it stable across runs.
  return { key, name, id: `29:1${aadObjectId.replace(/-/g, '')}`, aadObjectId, email: mail, userPrincipalName: mail };
}

export const personas = {
  /** Security lead: Security Admin, Resource Policy Contributor and Reader everywhere. */
  priya: persona('priya', 'Priya Raman', '3f2a1c4e-5b6d-4e7f-8a9b-0c1d2e3f4a51', 'priya@contoso.example'),
  /** Developer: Reader on the dev subscription, AcrPush on one dev registry. */
  diego: persona('diego', 'Diego Alvarez', '7b8c9d0e-1f2a-4b3c-8d4e-5f6a7b8c9d02', 'diego@contoso.example'),
  /** Auditor: Reader and Security Reader through the "Security Auditors" group. */
  mei: persona('mei', 'Mei Chen', 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c03', 'mei@contoso.example'),
  /** In the tenant, with no role assignments. */
  sam: persona('sam', 'Sam Okafor', 'd4e5f6a7-b8c9-4d0e-9f1a-2b3c4d5e6f05', 'sam@contoso.example'),
  /** A Teams user whose object id is not a principal of the tenant. */
  stranger: persona('stranger', 'Casey Guest', '0badc0de-0000-4000-8000-00000000f00d', 'casey@fabrikam.example'),
} as const satisfies Record<string, Persona>;

export type PersonaKey = keyof typeof personas;

interface TenantPrincipal {
  id?: unknown;
  displayName?: unknown;
  userPrincipalName?: unknown;
  type?: unknown;
}

/** Reads a tenant file as plain JSON (the format is documented, the test does not need the emulator's types). */
export function readTenant(file: string = DEMO_TENANT_FILE): { tenantId: string; principals: TenantPrincipal[]; resources: Record<string, unknown>[] } {
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as { tenantId?: unknown; principals?: unknown; resources?: unknown };
  return {
    tenantId: String(parsed.tenantId ?? ''),
    principals: Array.isArray(parsed.principals) ? (parsed.principals as TenantPrincipal[]) : [],
    resources: Array.isArray(parsed.resources) ? (parsed.resources as Record<string, unknown>[]) : [],
  };
}

/**
 * The connector's roster: every persona, with display name and UPN taken from the tenant file when it
 * has the principal (so a data change there does not make the roster disagree with the emulator).
 */
export function rosterFor(tenantFile: string = DEMO_TENANT_FILE, tenantId?: string): RosterMember[] {
  let principals: TenantPrincipal[] = [];
  let tid = tenantId ?? DEMO_TENANT_ID;
  try {
    const tenant = readTenant(tenantFile);
    principals = tenant.principals;
    tid = tenantId ?? tenant.tenantId;
  } catch {
    // No tenant file yet: the fixed demo values still make a usable roster.
  }
  return Object.values(personas).map((p) => {
    const principal = principals.find((x) => String(x.id).toLowerCase() === p.aadObjectId);
    const upn = typeof principal?.userPrincipalName === 'string' ? principal.userPrincipalName : p.userPrincipalName;
    const name = typeof principal?.displayName === 'string' ? principal.displayName : p.name;
    return { id: p.id, name, aadObjectId: p.aadObjectId, email: upn, userPrincipalName: upn, tenantId: tid };
  });
}
