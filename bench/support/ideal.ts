import { rawGetter } from './raw-get.js';

/**
 * The physical limit: the same pages ShipShape reads (subscriptions; per subscription the resource
 * groups, registries, assessments, clusters and container groups; then every Unhealthy registry's
 * and cluster's findings, page after page), fetched raw over keep-alive HTTPS with every chain in
 * parallel, each page only `JSON.parse`d. 429s wait for `Retry-After`, as ARM requires.
 */
export interface IdealResult {
  ms: number;
  requests: number;
  items: number;
  megabytes: number;
  throttled: number;
}

const KEYS = { mdvm: 'c0b7cfc6-3172-465a-b378-53c7ff2cc0d5', qualys: 'dbd0cb49-b563-45e7-9724-889e799fa648', runtime: 'c609cf0f-71ab-41e9-a3c6-9a1f7fe1b8d5' };
type Page = { value?: Record<string, unknown>[]; nextLink?: string };

export async function idealFetch(baseUrl: string, caCertPem: string, token: string): Promise<IdealResult> {
  const http = rawGetter(caCertPem, token);
  const once = http.get;
  const stats = { requests: 0, items: 0, bytes: 0, throttled: 0 };
  const get = async (url: string): Promise<Page> => {
    for (;;) {
      const answer = await once(url);
      stats.requests++;
      stats.bytes += answer.body.length;
      if (answer.status === 429) {
        stats.throttled++;
        await new Promise((r) => setTimeout(r, answer.retryAfter * 1000));
        continue;
      }
      if (answer.status !== 200) throw new Error(`HTTP ${answer.status} for ${url}`);
      return JSON.parse(answer.body) as Page;
    }
  };
  const all = async (path: string): Promise<Record<string, unknown>[]> => {
    const out: Record<string, unknown>[] = [];
    for (let url: string | undefined = `${baseUrl}${path}`; url; ) {
      const page = await get(url);
      out.push(...(page.value ?? []));
      url = page.nextLink;
    }
    stats.items += out.length;
    return out;
  };
  const count = async (path: string): Promise<void> => {
    for (let url: string | undefined = `${baseUrl}${path}`; url; ) {
      const page = await get(url);
      stats.items += page.value?.length ?? 0;
      url = page.nextLink;
    }
  };

  const started = performance.now();
  const subs = await all('/subscriptions?api-version=2022-12-01');
  await Promise.all(
    subs.map(async (s) => {
      const sub = `/subscriptions/${String(s.subscriptionId)}`;
      const [, , assessments, clusters] = await Promise.all([
        all(`${sub}/resourcegroups?api-version=2025-04-01`),
        all(`${sub}/providers/Microsoft.ContainerRegistry/registries?api-version=2025-11-01`),
        all(`${sub}/providers/Microsoft.Security/assessments?api-version=2021-06-01`),
        all(`${sub}/providers/Microsoft.ContainerService/managedClusters?api-version=2026-06-01`),
        all(`${sub}/providers/Microsoft.ContainerInstance/containerGroups?api-version=2023-05-01`),
      ]);
      const status = new Map(assessments.map((a) => [String(a.id).toLowerCase(), String((a.properties as { status?: { code?: string } } | undefined)?.status?.code)]));
      const units: string[] = [];
      for (const [id, code] of status) {
        if (code !== 'Unhealthy') continue;
        const at = id.lastIndexOf('/providers/microsoft.security/assessments/');
        const resource = id.slice(0, at);
        const key = id.slice(at + '/providers/microsoft.security/assessments/'.length);
        // As ShipShape: MDVM when it assessed the registry, the Qualys scan only otherwise; clusters' running images.
        if (key === KEYS.qualys && status.has(`${resource}/providers/microsoft.security/assessments/${KEYS.mdvm}`)) continue;
        if (key === KEYS.runtime && !clusters.some((c) => String(c.id).toLowerCase() === resource)) continue;
        if (Object.values(KEYS).includes(key)) units.push(`${resource}/providers/Microsoft.Security/assessments/${key}/subAssessments?api-version=2019-01-01-preview`);
      }
      await Promise.all(units.map(count));
    }),
  );
  const ms = performance.now() - started;
  http.close();
  return { ms, requests: stats.requests, items: stats.items, megabytes: stats.bytes / 1048576, throttled: stats.throttled };
}
