import { readTenant, DEMO_TENANT_FILE } from '../../../harness/personas.js';

/**
 * Everything the demo tenant file names for itself: its tenant id, its people (ids, app ids,
 * names, addresses, secrets), its subscriptions, resource groups and resources by name. Azure's own
 * constants (built-in role and policy ids, assessment keys, CVEs) are not the demo's and are left out.
 */
export function demoLiterals(): string[] {
  const demo = readTenant(DEMO_TENANT_FILE);
  const out = new Set<string>([demo.tenantId, 'contoso']);
  for (const p of demo.principals as Array<Record<string, unknown>>) {
    for (const key of ['id', 'appId', 'displayName', 'userPrincipalName', 'clientSecret', 'groups']) {
      const value = p[key];
      for (const v of Array.isArray(value) ? value : [value]) if (typeof v === 'string') out.add(v);
    }
    if (typeof p.displayName === 'string') out.add(p.displayName.split(' ')[0] as string);
  }
  for (const r of demo.resources) {
    const id = String(r.id);
    const sub = /^\/subscriptions\/([^/]+)$/i.exec(id)?.[1];
    if (sub) {
      out.add(sub);
      if (typeof r.displayName === 'string') out.add(r.displayName);
    }
    const named = /^\/subscriptions\/[^/]+\/resourceGroups\/([^/]+)(?:\/providers\/[^/]+\/[^/]+\/([^/]+))?$/i.exec(id);
    for (const name of [named?.[1], named?.[2]]) if (name) out.add(name);
  }
  return [...out];
}

/** The demo literals that occur in `text` (names as whole words, case-insensitively). */
export function demoLiteralsIn(text: string): string[] {
  return demoLiterals().filter((literal) => new RegExp(`(^|[^A-Za-z0-9])${literal.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`, 'i').test(text));
}
