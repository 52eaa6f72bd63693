import { ResourceGraphClient, type QueryRequest, type QueryResponse } from '@azure/arm-resourcegraph';
import { SecurityCenter } from '@azure/arm-security';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { generateResources } from '../../../src/emulator/generate/index.js';
import { PERSONA, personaPrincipals, TENANT_ID } from '../../../src/emulator/generate/personas.js';
import { all, caught } from '../conformance/support/calls.js';
import { startTestEmulator, type TestEmulator } from '../conformance/support/emulator.js';

/**
 * Resource Graph served by the emulator, driven through @azure/arm-resourcegraph: Microsoft's documented
 * container-vulnerability queries give the findings the sub-assessment REST lists give, for each caller's
 * rights; paging, the quota and refusals follow the service.
 */

const SEED = 20_000 + Math.floor(Math.random() * 10_000);
const MDVM_KEY = 'c0b7cfc6-3172-465a-b378-53c7ff2cc0d5';
const resources = [...generateResources({ subscriptions: 4, registries: 8, images: 40, findings: 2300, seed: SEED })];
const subscriptions = resources.filter((r) => /^\/subscriptions\/[^/]+$/.test(r.id)).map((r) => r.id.split('/')[2] as string);

/** Defender for Cloud's documented query ("Container vulnerability assessments REST API"), up to its time filter. */
const DOCUMENTED_MDVM_QUERY = `securityresources
| where type =~ "microsoft.security/assessments/subassessments" and properties.additionalData.assessedResourceType == "AzureContainerRegistryVulnerability"
| extend assessmentKey=extract(@"(?i)providers/Microsoft.Security/assessments/([^/]*)", 1, id)
| where assessmentKey == "${MDVM_KEY}"
| extend timeGenerated = properties.timeGenerated`;

/** Resource Graph's sample "List container registry vulnerability assessment results", with the MDVM assessment's name. */
const SAMPLE_JOIN_QUERY = `SecurityResources
| where type == 'microsoft.security/assessments'
| where properties.displayName contains 'container images should have vulnerabilities resolved'
| summarize by assessmentKey=name //the ID of the assessment
| join kind=inner (
	securityresources
	| where type == 'microsoft.security/assessments/subassessments'
	| extend assessmentKey = extract('.*assessments/(.+?)/.*',1,  id)
) on assessmentKey
| project assessmentKey, subassessmentKey=name, id, parse_json(properties), resourceGroup, subscriptionId, tenantId
| extend description = properties.description,
	displayName = properties.displayName,
	resourceId = properties.resourceDetails.id,
	resourceSource = properties.resourceDetails.source,
	category = properties.category,
	severity = properties.status.severity,
	code = properties.status.code,
	timeGenerated = properties.timeGenerated,
	remediation = properties.remediation,
	impact = properties.impact,
	vulnId = properties.id,
	additionalData = properties.additionalData`;

let env: TestEmulator;
beforeAll(async () => {
  env = await startTestEmulator({ tenantId: TENANT_ID, principals: personaPrincipals('example.test'), resources });
  // These tests read many pages back to back; the quota has a test of its own.
  env.emulator.setFaults({ resourceGraphQuota: false });
});
afterAll(async () => env?.close());

const graph = async (who: string) => new ResourceGraphClient(await env.user(who), env.clientOptions);

/** Every row of a query, following `$skipToken` as a client must. */
async function allRows(client: ResourceGraphClient, request: QueryRequest): Promise<Record<string, unknown>[]> {
  const rows: Record<string, unknown>[] = [];
  let skipToken: string | undefined;
  for (let page = 0; page < 100; page++) {
    const answer: QueryResponse = await client.resources({ ...request, options: { ...request.options, ...(skipToken ? { skipToken } : {}) } });
    rows.push(...(answer.data as Record<string, unknown>[]));
    skipToken = answer.skipToken;
    if (!skipToken) return rows;
  }
  throw new Error('paging did not end');
}

/** The MDVM findings the REST list gives the caller, subscription by subscription (lower-cased ids). */
async function restFindingIds(who: string, subs: readonly string[] = subscriptions): Promise<string[]> {
  const ids: string[] = [];
  for (const sub of subs) {
    const client = new SecurityCenter(await env.user(who), sub, env.clientOptions);
    const rows = await all(client.subAssessments.listAll(`subscriptions/${sub}`)).catch((error: unknown) => {
      // The REST list refuses a subscription the caller cannot read; Resource Graph leaves it out.
      if ((error as { statusCode?: number }).statusCode === 403) return [];
      throw error;
    });
    for (const f of rows) {
      const data = f.additionalData as { assessedResourceType?: string } | undefined;
      if (data?.assessedResourceType !== 'AzureContainerRegistryVulnerability') continue;
      if (!(f.id ?? '').toLowerCase().includes(`/assessments/${MDVM_KEY}/`)) continue;
      ids.push((f.id ?? '').toLowerCase());
    }
  }
  return ids.sort();
}

const lowerIds = (rows: Record<string, unknown>[]) => rows.map((r) => String(r.id).toLowerCase()).sort();

describe('documented container-vulnerability queries', () => {
  test('the Defender for Cloud query returns the findings the REST list returns, in the documented row shape', async () => {
    const rows = await allRows(await graph(PERSONA.priya), { query: DOCUMENTED_MDVM_QUERY });
    expect(rows.length).toBeGreaterThan(1000);
    expect(lowerIds(rows)).toEqual(await restFindingIds(PERSONA.priya));
    const row = rows[0] as Record<string, unknown>;
    expect(Object.keys(row)).toEqual(expect.arrayContaining(['id', 'name', 'type', 'tenantId', 'resourceGroup', 'subscriptionId', 'properties', 'assessmentKey', 'timeGenerated']));
    expect(row.type).toBe('microsoft.security/assessments/subassessments');
    expect(row.assessmentKey).toBe(MDVM_KEY);
    expect(row.tenantId).toBe(TENANT_ID);
    expect(row.timeGenerated).toBe((row.properties as { timeGenerated?: unknown }).timeGenerated);
  });

  test("Resource Graph's join sample lists every finding under the MDVM assessment once", async () => {
    const rows = await allRows(await graph(PERSONA.priya), { query: SAMPLE_JOIN_QUERY });
    expect(lowerIds(rows)).toEqual(await restFindingIds(PERSONA.priya));
    for (const row of rows.slice(0, 20)) {
      expect(row.assessmentKey).toBe(MDVM_KEY);
      expect(row.severity).toBe((row.properties as { status: { severity: string } }).status.severity);
    }
  });

  test('server-side aggregation matches counting the REST rows', async () => {
    const client = await graph(PERSONA.priya);
    const answer = await client.resources({
      query: `${DOCUMENTED_MDVM_QUERY}
| where properties.status.code == 'Unhealthy'
| summarize findings = count(), images = dcount(tostring(properties.additionalData.artifactDetails.digest)) by severity = tostring(properties.additionalData.vulnerabilityDetails.severity)
| order by severity asc`,
    });
    const expected = new Map<string, { findings: number; digests: Set<string> }>();
    for (const sub of subscriptions) {
      const rest = new SecurityCenter(await env.user(PERSONA.priya), sub, env.clientOptions);
      for (const f of await all(rest.subAssessments.listAll(`subscriptions/${sub}`))) {
        const data = f.additionalData as { assessedResourceType?: string; vulnerabilityDetails?: { severity?: string }; artifactDetails?: { digest?: string } };
        if (data.assessedResourceType !== 'AzureContainerRegistryVulnerability' || f.status?.code !== 'Unhealthy') continue;
        const severity = data.vulnerabilityDetails?.severity ?? '';
        const entry = expected.get(severity) ?? { findings: 0, digests: new Set<string>() };
        entry.findings++;
        entry.digests.add(data.artifactDetails?.digest ?? '');
        expected.set(severity, entry);
      }
    }
    const got = Object.fromEntries((answer.data as Array<{ severity: string; findings: number; images: number }>).map((r) => [r.severity, [r.findings, r.images]]));
    expect(got).toEqual(Object.fromEntries([...expected].sort(([a], [b]) => a.localeCompare(b)).map(([s, e]) => [s, [e.findings, e.digests.size]])));
  });
});

describe('rights', () => {
  test('a caller with one subscription gets rows from it alone, never a 403', async () => {
    const rows = await allRows(await graph(PERSONA.diego), { query: DOCUMENTED_MDVM_QUERY });
    const mine = [...new Set(rows.map((r) => String(r.subscriptionId)))];
    expect(mine.length).toBeLessThan(subscriptions.length);
    expect(lowerIds(rows)).toEqual(await restFindingIds(PERSONA.diego));
  });

  test('a caller with no rights gets an empty answer; the subscriptions list narrows the scope', async () => {
    const none = await (await graph(PERSONA.sam)).resources({ query: 'securityresources | count' });
    expect(none.data).toEqual([{ Count: 0 }]);
    const one = subscriptions[1] as string;
    const rows = await allRows(await graph(PERSONA.priya), { query: DOCUMENTED_MDVM_QUERY, subscriptions: [one] });
    expect(lowerIds(rows)).toEqual(await restFindingIds(PERSONA.priya, [one]));
  });

  test('resource containers carry subscription and resource group tags', async () => {
    const answer = await (await graph(PERSONA.priya)).resources({
      query: "ResourceContainers | where type =~ 'microsoft.resources/subscriptions' | project subscriptionId, env = tostring(tags['env']), name",
    });
    const expected = resources.filter((r) => /^\/subscriptions\/[^/]+$/.test(r.id)).map((r) => ({ subscriptionId: r.id.split('/')[2], env: String((r.tags as Record<string, string> | undefined)?.env ?? ''), name: r.displayName }));
    expect(answer.data).toEqual(expected);
  });
});

describe('paging, formats and refusals', () => {
  test('$top pages with $skipToken: every row once, totalRecords constant', async () => {
    const client = await graph(PERSONA.priya);
    const first = await client.resources({ query: `${DOCUMENTED_MDVM_QUERY} | project id`, options: { top: 700 } });
    expect(first.count).toBe(700);
    expect(first.resultTruncated).toBe('false');
    expect(first.skipToken).toBeTruthy();
    const rest = await allRows(client, { query: `${DOCUMENTED_MDVM_QUERY} | project id`, options: { top: 700 } });
    expect(new Set(lowerIds(rest)).size).toBe(first.totalRecords);
    const skipped = await client.resources({ query: `${DOCUMENTED_MDVM_QUERY} | project id`, options: { top: 5, skip: 700 } });
    expect(skipped.data).toEqual((rest.slice(700, 705)));
    const limited = await client.resources({ query: `${DOCUMENTED_MDVM_QUERY} | project id | take 1500` });
    expect([limited.count, limited.resultTruncated, limited.skipToken]).toEqual([1000, 'true', undefined]);
    const stale = await caught(client.resources({ query: 'securityresources | project id', options: { skipToken: first.skipToken } }));
    expect(stale.statusCode).toBe(400);
  });

  test('table format names columns and types', async () => {
    const answer = await (await graph(PERSONA.priya)).resources({ query: 'securityresources | summarize n = count() by type | order by type asc', options: { resultFormat: 'table' } });
    const data = answer.data as { columns: Array<{ name: string; type: string }>; rows: unknown[][] };
    expect(data.columns).toEqual([{ name: 'type', type: 'string' }, { name: 'n', type: 'integer' }]);
    expect(data.rows.map((r) => r[0])).toEqual(['microsoft.security/assessments', 'microsoft.security/assessments/subassessments']);
  });

  test.for([
    ['securityresources | parse id with * "/" x', 'InvalidQueryLanguage', 'parse'],
    ['securityresources | where', 'ParserFailure', '<EOF>'],
    ['securityresources | where nosuch == 1', 'FailedToResolveExpression', undefined],
    ['securityresources | join kind=leftsemi (resources) on id', 'UnsupportedJoinFlavor', undefined],
    ['nosuchtable | count', 'DisallowedLogicalTableName', undefined],
  ] as const)('%s is refused as Resource Graph refuses it', async ([query, code, token]) => {
    const answer = await env.arm(await env.user(PERSONA.priya), 'POST', '/providers/Microsoft.ResourceGraph/resources?api-version=2022-10-01', { query });
    expect(answer.status).toBe(400);
    const body = answer.body as { error: { code: string; message: string; details: Array<{ code: string; token?: string }> } };
    expect(body.error.code).toBe('BadRequest');
    expect(body.error.message).toMatch(/^Please provide below info when asking for support: timestamp = .+, correlationId = .+\.$/);
    expect(body.error.details[0]?.code).toBe('InvalidQuery');
    expect(body.error.details[1]?.code).toBe(code);
    if (token !== undefined) expect(body.error.details[1]?.token).toBe(token);
  });

  test('api-versions: 2021-03-01 answers, an unknown one is refused as ARM refuses it', async () => {
    const who = await env.user(PERSONA.priya);
    const ok = await env.arm(who, 'POST', '/providers/Microsoft.ResourceGraph/resources?api-version=2021-03-01', { query: 'resources | count' });
    expect(ok.status).toBe(200);
    const refused = await env.arm(who, 'POST', '/providers/Microsoft.ResourceGraph/resources?api-version=2019-04-01', { query: 'resources | count' });
    expect(refused.status).toBe(400);
    expect((refused.body as { error: { code: string } }).error.code).toBe('NoRegisteredProviderFound');
  });

  test('the per-user quota is announced on every answer and spent quota answers 429', async () => {
    env.emulator.setFaults({ resourceGraphQuota: { queries: 3, windowSeconds: 60 } });
    try {
      const client = await graph(PERSONA.mei);
      const remaining: string[] = [];
      for (let i = 0; i < 3; i++) {
        await client.resources({ query: 'resources | count' }, { onResponse: (raw) => remaining.push(raw.headers.get('x-ms-user-quota-remaining') ?? '') });
      }
      expect(remaining).toEqual(['2', '1', '0']);
      const spent = await caught(client.resources({ query: 'resources | count' }));
      expect(spent.statusCode).toBe(429);
      expect(spent.response?.headers.get('x-ms-user-quota-resets-after')).toMatch(/^00:0[01]:\d\d$/);
      // Another user has a quota of their own.
      await expect((await graph(PERSONA.priya)).resources({ query: 'resources | count' })).resolves.toBeTruthy();
    } finally {
      env.emulator.setFaults({ resourceGraphQuota: false });
    }
  });
});
