import { readFileSync } from 'node:fs';
import { DEMO_TENANT_FILE } from '../../../harness/personas.js';

/** The demo tenant as plain JSON, edited between digest runs the way the estate changes between days. */

type Json = Record<string, unknown>;
export interface Tenant {
  tenantId: string;
  principals: Json[];
  resources: Json[];
}

export function demoTenant(): Tenant {
  return JSON.parse(readFileSync(DEMO_TENANT_FILE, 'utf8')) as Tenant;
}

interface SubAssessment {
  id: string;
  name: string;
  properties: {
    id: string;
    displayName: string;
    status: { code: string };
    additionalData?: { vulnerabilityDetails?: { severity?: string; cveId?: string } };
  };
}

function openFindings(tenant: Tenant, registry: string, severity: string): SubAssessment[] {
  return (tenant.resources as unknown as SubAssessment[]).filter(
    (r) =>
      r.id.includes(`/registries/${registry}/providers/Microsoft.Security/assessments/`) &&
      r.id.includes('/subAssessments/') &&
      r.properties.status.code === 'Unhealthy' &&
      r.properties.additionalData?.vulnerabilityDetails?.severity === severity,
  );
}

interface Keyed {
  properties: { id: string; status: { code: string }; additionalData?: { artifactDetails?: { digest?: string } } };
}

/** Image digest + finding id: how a digest tells findings apart (the same pair may be reported twice). */
function pair(r: Keyed): string {
  return `${r.properties.additionalData?.artifactDetails?.digest ?? ''}|${r.properties.id}`;
}

/** Marks one open finding of the registry as fixed (Healthy), one reported nowhere else; returns its CVE. */
export function resolveOne(tenant: Tenant, registry: string, severity = 'Critical'): string {
  const open = (tenant.resources as unknown as Keyed[]).filter((r) => r.properties?.status?.code === 'Unhealthy');
  const count = (key: string): number => open.filter((r) => pair(r) === key).length;
  const target = openFindings(tenant, registry, severity).find((f) => count(pair(f as unknown as Keyed)) === 1);
  if (!target) throw new Error(`no open ${severity} finding in ${registry}`);
  target.properties.status = { ...target.properties.status, code: 'Healthy' };
  return target.properties.id;
}

/** A new open finding in the registry: a copy of an existing one under a new CVE id. */
export function addFinding(tenant: Tenant, registry: string, cve: string, severity = 'Critical'): void {
  const template = openFindings(tenant, registry, severity)[0];
  if (!template) throw new Error(`no ${severity} finding in ${registry} to copy`);
  const copy = structuredClone(template);
  const name = `0000${cve.replace(/\D/g, '')}`.slice(-12).padStart(12, '0');
  const guid = `7e57${name.slice(0, 4)}-0000-4000-8000-${name}`;
  copy.name = guid;
  copy.id = `${template.id.slice(0, template.id.lastIndexOf('/') + 1)}${guid}`;
  copy.properties.id = cve;
  copy.properties.displayName = cve;
  if (copy.properties.additionalData?.vulnerabilityDetails) copy.properties.additionalData.vulnerabilityDetails.cveId = cve;
  tenant.resources.push(copy as unknown as Json);
}
