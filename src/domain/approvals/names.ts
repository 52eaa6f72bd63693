import { createHash } from 'node:crypto';

/**
 * Names of what a change creates in Azure, derived from what it is about: executing the same change
 * again (a resumed approval, a second request for the same thing) PUTs the same resource, never a
 * second one.
 */

function digest(...parts: string[]): string {
  return createHash('sha256').update(parts.map((p) => p.trim().toLowerCase()).join('|')).digest('hex').slice(0, 12);
}

function slug(text: string, max: number): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, max).replace(/-+$/, '');
}

/** `shipshape-private-link-1a2b3c4d5e6f`: one assignment per definition and scope (ARM allows 64 characters). */
export function assignmentName(scope: string, definitionId: string, label: string): string {
  const head = slug(label, 30);
  return `shipshape-${head === '' ? 'policy' : head}-${digest(scope, definitionId)}`;
}

/** One exemption per scope and assignment. */
export function exemptionName(scope: string, assignmentId: string): string {
  return `shipshape-exemption-${digest(scope, assignmentId)}`;
}

/** A remediation is a one-off task: one per request, named from the request itself. */
export function remediationName(scope: string, assignmentId: string, requestedAt: string): string {
  return `shipshape-remediation-${digest(scope, assignmentId, requestedAt)}`;
}

/** One suppression per CVE, repository and registry: asking again extends it rather than adding another. */
export function suppressionId(cveId: string, repository: string, registry: string | undefined): string {
  return `sup-${digest(cveId, repository, registry ?? '*')}`;
}
