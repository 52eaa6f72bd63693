import { describe, expect } from 'vitest';
import { createBotTest } from '../../harness/fixture.js';
import { personas } from '../../harness/personas.js';
import { expectedGroups, type Tenant } from './support/expected.js';
import { CLUSTERS, DESIGNED, TENANT_SECRETS, guardrailTenant } from './support/guardrail-tenant.js';
import { allPages, clickForCard, rows, type Row } from './support/read-card.js';

/**
 * Each guardrail on its own, on a tenant built for it: a compliant group, and groups that differ from
 * it in exactly the property that breaks one guardrail. Every other guardrail must stay as it was.
 */

const tenant = guardrailTenant();
const test = createBotTest({ tenant });
const ACI_GUARDRAILS = ['registries', 'credentials', 'privilege', 'network', 'monitoring'] as const;

async function prodRows({ say, teams }: { say: (text: string) => Promise<{ card?: unknown; readable: string }>; teams: Parameters<typeof allPages>[0] }): Promise<Row[]> {
  const reply = await say('check prod container groups against the security guidance');
  expect(reply.readable).not.toMatch(/something went wrong/i);
  return (await allPages(teams, reply.card as Parameters<typeof allPages>[1], personas.priya)).flatMap(rows);
}

describe('every guardrail flagged and cleared', () => {
  test('each group trips exactly the guardrail it was built to trip, as the tenant data says', async ({ say, teams }) => {
    const found = await prodRows({ say, teams });
    const expected = expectedGroups(tenant as unknown as Tenant, personas.priya.aadObjectId);
    expect(found.filter((r) => r.name.startsWith('aci-')).map((r) => r.name).sort()).toEqual(Object.keys(DESIGNED).sort());

    for (const [name, design] of Object.entries(DESIGNED)) {
      const row = found.find((r) => r.name === name);
      const data = expected.find((g) => g.name === name);
      for (const guardrail of ACI_GUARDRAILS) {
        const wanted = design.guardrail === guardrail ? design.mark : 'pass';
        expect(`${name} ${guardrail} ${data?.[guardrail]}`, 'the tenant is built as designed').toBe(`${name} ${guardrail} ${wanted}`);
        expect(`${name} ${guardrail} ${row?.badges[guardrail]}`).toBe(`${name} ${guardrail} ${wanted}`);
      }
      // No Defender data in this tenant: images are unknown, never clean.
      expect(row?.badges.images, name).toBe('unknown');
    }
  });

  test('Kubernetes: an unassigned cluster is offered the built-ins; an assigned one not yet judged is unknown', async ({ say, teams }) => {
    const found = await prodRows({ say, teams });
    const bare = found.find((r) => r.name === 'aks-bare');
    const assigned = found.find((r) => r.name === 'aks-assigned');

    expect(bare?.badges.kubernetes).toBe('warn');
    expect(bare?.fixes.sort()).toEqual([`assign-allowed-images|${CLUSTERS.bare}`, `assign-no-privileged|${CLUSTERS.bare}`]);
    expect(assigned?.badges.kubernetes).toBe('unknown');
    expect(assigned?.fixes).toEqual([]);
    expect(assigned?.badges.monitoring).toBe('pass');

    const card = await clickForCard(teams, 'guardrails.fix', { fixId: bare?.fixes[0] as string }, personas.priya);
    const lines = (card?.body as Array<{ text?: string }>).map((b) => b.text ?? '');
    expect(lines).toContain('PUT /subscriptions/5a5a5a5a-0000-4000-8000-00000000aaaa/resourceGroups/rg-aks-bare/providers/Microsoft.Authorization/policyAssignments/shipshape-assign-allowed-images?api-version=2025-03-01');
    const body = JSON.parse(lines.find((l) => l.startsWith('{')) ?? '{}') as { properties: { parameters: { allowedContainerImagesRegex: { value: string } } } };
    // The pattern allows the tenant's own registries and the configured list, nothing else.
    const allowed = new RegExp(body.properties.parameters.allowedContainerImagesRegex.value);
    for (const image of ['guardprod.azurecr.io/apps/web:1.0', 'guardaudit.azurecr.io/x:1', 'mcr.microsoft.com/dotnet/aspnet:8.0']) expect(allowed.test(image), image).toBe(true);
    for (const image of ['docker.io/library/nginx:1.25.3', 'guardprodXazurecr.io/x:1', 'ghcr.io/guardprod.azurecr.io/x:1']) expect(allowed.test(image), image).toBe(false);

    // Asked for through approval, the request carries the same pattern.
    const approval = JSON.stringify(await clickForCard(teams, 'guardrails.request', { fixId: bare?.fixes[0] as string }, personas.priya));
    expect(approval).toContain('Waiting for approval');
    expect(approval).toContain(JSON.stringify(body.properties.parameters.allowedContainerImagesRegex.value).slice(1, -1));
  });

  test('the registry without an audit trail is listed with its fix, which proposes the workspace the others use', async ({ say, teams }) => {
    const reply = await say('check prod container groups against the security guidance');
    const text = JSON.stringify(reply.card);
    expect(text).toContain('Registries in prod without a complete audit trail (1)');
    const fixId = [...text.matchAll(/"fixId":"(registry-audit-logs\|[^"]+)"/g)].map((m) => m[1]).find((f) => /guardaudit$/.test(f ?? ''));
    expect(fixId).toMatch(/\/registries\/guardaudit$/);
    const proposal = JSON.stringify(await clickForCard(teams, 'guardrails.fix', { fixId: fixId as string }, personas.priya));
    expect(proposal).toContain('guardaudit/providers/Microsoft.Insights/diagnosticSettings/shipshape-audit-trail');
    expect(proposal).toContain('workspaces/law-guard');
  });

  test('values shaped like credentials are caught by shape, and never shown', async ({ say, teams }) => {
    const reply = await say('secrets in plain environment variables in prod');
    const found = (await allPages(teams, reply.card as never, personas.priya)).flatMap(rows);
    expect(found.map((r) => r.name).sort()).toEqual(['aci-secret-by-name', 'aci-secret-by-value']);
    expect(found.find((r) => r.name === 'aci-secret-by-value')?.lines.join('\n')).toMatch(/BLOB_STORE in container app is a plain value \(its value looks like a credential\)[\s\S]*GH in container app/);
    const everything = JSON.stringify(teams.connector.sent);
    for (const secret of Object.values(TENANT_SECRETS)) expect(everything.includes(secret)).toBe(false);
  });
});
