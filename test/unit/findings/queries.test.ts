import { describe, expect, test } from 'vitest';
import {
  FindingsService,
  compareImages,
  imagesWithCve,
  matchingImages,
  parseDeployedImage,
  parseImageKey,
  queryFromEntities,
  rankFixFirst,
  runsImage,
  scopeOfQuery,
  sortedImages,
  topCves,
  workloadsOf,
  type EstateView,
} from '../../../src/domain/findings/index.js';
import { parse } from '../../../src/domain/language/index.js';
import { demoEstate } from './support/estate.js';
import { FakeFindingsSource } from './support/fake-source.js';

/** Questions over a fixed estate: filters, order, CVEs, where images run, and what to fix first. */

async function view(): Promise<EstateView> {
  return new FindingsService(new FakeFindingsSource(demoEstate())).view({ channelUserId: 'u', aadObjectId: 'u' }, { environments: [] });
}

function query(text: string) {
  const parsed = parse(text);
  return queryFromEntities(parsed.entities, parsed.words);
}

const repos = (images: { ref: { repository: string } }[]): string[] => images.map((i) => i.ref.repository);

describe('reading the question', () => {
  test('environment, severity, fixable, registry, image, CVE and age are taken from the words', () => {
    expect(query('fixable criticals in prod')).toMatchObject({ environments: ['prod'], severities: ['Critical'], fixableOnly: true });
    expect(query('critical and high findings in registry contosoprod')).toMatchObject({ severities: ['Critical', 'High'], registry: 'contosoprod' });
    expect(query("what's wrong with payments/api:1.4.2")).toMatchObject({ repository: 'payments/api', tag: '1.4.2' });
    expect(query('which images have cve-2024-3094')).toMatchObject({ cve: 'CVE-2024-3094' });
    expect(query('prod images older than 90 days')).toMatchObject({ olderThanDays: 90 });
    expect(query('images not updated in 6 months')).toMatchObject({ olderThanDays: 180 });
    expect(query('images not rebuilt for 2 weeks')).toMatchObject({ olderThanDays: 14 });
    // A span without "not updated" is not an age: "suppress … for 30 days" says nothing about images.
    expect(query('criticals in prod for 30 days').olderThanDays).toBeUndefined();
    expect(scopeOfQuery(query('criticals in staging and prod registry contosoprod'))).toEqual({ environments: ['prod', 'staging'], registry: 'contosoprod' });
  });
});

describe('matching images', () => {
  test('prod images with criticals, worst first; the resource tag wins over the subscription (legacy is prod)', async () => {
    const v = await view();
    const found = matchingImages(v, query('which prod images have criticals')).sort(compareImages);
    // legacy and orders tie on 1 critical and 1 high; orders has more fixable findings.
    expect(repos(found)).toEqual(['payments/api', 'orders/service', 'legacy/erp-connector']);
  });

  test('"fixable" keeps only images with a fix at the asked severity', async () => {
    const v = await view();
    expect(repos(matchingImages(v, query('fixable lows in prod')))).toEqual([]);
    expect(repos(matchingImages(v, query('lows in prod'))).sort()).toEqual(['payments/api', 'web/storefront']);
  });

  test('a registry named in the question narrows to it', async () => {
    expect(repos(matchingImages(await view(), query('findings in registry contosoprod'))).sort()).toEqual(['orders/service', 'web/storefront']);
  });
});

describe('CVEs', () => {
  test('images with a CVE, and CVEs ranked by severity then reach', async () => {
    const v = await view();
    expect(repos(imagesWithCve(v, 'CVE-2021-44228', query('x')).map((c) => c.image))).toEqual(['payments/api', 'legacy/erp-connector']);
    const top = topCves(v, query('top cves in prod'));
    expect(top[0]?.cve.id).toBe('CVE-2021-44228');
    expect(top[0]?.images).toBe(2);
    expect(top.map((t) => t.cve.severity)).toEqual([...top.map((t) => t.cve.severity)].sort((a, b) => ['Critical', 'High', 'Medium', 'Low'].indexOf(a) - ['Critical', 'High', 'Medium', 'Low'].indexOf(b)));
    // Dev is out of place for a prod question.
    expect(top.some((t) => t.cve.id === 'CVE-2024-3094')).toBe(false);
  });
});

describe('where images run', () => {
  test('deployed references are read the way a container runtime reads them', () => {
    expect(parseDeployedImage('contosopayments.azurecr.io/payments/api:1.4.2')).toEqual({ registryHost: 'contosopayments.azurecr.io', repository: 'payments/api', tag: '1.4.2', digest: undefined });
    expect(parseDeployedImage('nginx:1.25')).toMatchObject({ registryHost: 'docker.io', repository: 'library/nginx', tag: '1.25' });
    expect(parseDeployedImage('reg.azurecr.io/a/b@sha256:ABC')).toMatchObject({ repository: 'a/b', digest: 'sha256:abc', tag: undefined });
    const ref = { registryHost: 'reg.azurecr.io', repository: 'a/b', digest: 'sha256:abc' };
    expect(runsImage(parseDeployedImage('reg.azurecr.io/a/b:1')!, ref, ['1'])).toBe(true);
    expect(runsImage(parseDeployedImage('reg.azurecr.io/a/b:2')!, ref, ['1'])).toBe(false);
    expect(runsImage(parseDeployedImage('reg.azurecr.io/a/b@sha256:abd')!, ref, ['1'])).toBe(false);
    expect(runsImage(parseDeployedImage('other.azurecr.io/a/b:1')!, ref, ['1'])).toBe(false);
  });

  test('an image key round-trips, and nothing else is taken for one', () => {
    expect(parseImageKey('reg.azurecr.io/a/b@sha256:abcdef12')).toEqual({ registryHost: 'reg.azurecr.io', repository: 'a/b', digest: 'sha256:abcdef12' });
    for (const bad of ['../../etc/passwd', 'reg.azurecr.io/a/b', 42, undefined, 'a@b'.repeat(200)]) expect(parseImageKey(bad)).toBeUndefined();
  });

  test('ACI groups by reference and AKS workloads from the running-image scan', async () => {
    const v = await view();
    const api = v.images.find((i) => i.ref.repository === 'payments/api');
    expect(workloadsOf(v, api!).map((w) => `${w.kind}:${w.name}`).sort()).toEqual(['aci:aci-payments-api', 'aks:aks-contoso-prod']);
  });
});

describe('what to fix first', () => {
  test('criticals and highs, each row saying why: exploit, where it runs, severity, the image to move to', async () => {
    const v = await view();
    const ranked = rankFixFirst(v, sortedImages(v).filter((i) => i.environment === 'prod'));
    // No exploit data in this estate: running in prod first (public IP before cluster-only), then severity.
    expect(ranked.map((r) => r.image.ref.repository)).toEqual(['payments/api', 'legacy/erp-connector', 'ext/agent', 'orders/service']);
    const api = ranked[0]!;
    expect(api.reasons.join(' | ')).toMatch(/no known exploit.*running in 2 places \(1 ACI \+ 1 AKS\) in prod; reachable from the internet \(public IP\).*2 criticals and 1 high open/);
    expect(ranked.find((r) => r.image.ref.repository === 'orders/service')?.reasons).toContain('not running anywhere you can read');
  });
});
