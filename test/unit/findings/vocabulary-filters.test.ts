import { describe, expect, test } from 'vitest';
import { FindingsService, imagesWithAnyCve, matchingImages, queryFromEntities, type EstateView, type FindingRecord } from '../../../src/domain/findings/index.js';
import { parse, VULNERABILITY_NICKNAMES } from '../../../src/domain/language/index.js';
import { demoEstate } from './support/estate.js';
import { FakeFindingsSource } from './support/fake-source.js';

/** Findings narrowed by package, ecosystem, exploit data and nickname: counts are those of the question. */

const ECOSYSTEM: Record<string, string> = { 'log4j-core': 'java', 'spring-beans': 'java', 'golang.org/x/crypto': 'go', 'golang.org/x/net': 'go' };

function withScanData(r: FindingRecord): FindingRecord {
  const ecosystem = r.packageName ? (ECOSYSTEM[r.packageName] ?? 'os') : undefined;
  const exploit =
    r.id === 'CVE-2022-22965' ? { published: true, verified: false, inExploitKit: false } : r.id === 'CVE-2023-44487' ? { published: true, verified: true, inExploitKit: true } : undefined;
  return { ...r, ...(ecosystem ? { ecosystem } : {}), ...(exploit ? { exploit } : {}) };
}

async function view(): Promise<EstateView> {
  const estate = demoEstate();
  estate.findings = estate.findings.map(withScanData);
  return new FindingsService(new FakeFindingsSource(estate)).view({ channelUserId: 'u', aadObjectId: 'u' }, { environments: [] });
}

function ask(v: EstateView, text: string): { repo: string; counts: number[] }[] {
  const parsed = parse(text);
  return matchingImages(v, queryFromEntities(parsed.entities, parsed.words)).map((i) => ({ repo: i.ref.repository, counts: i.counts }));
}

describe('package, ecosystem and exploit filters', () => {
  test('"log4j in prod" keeps images with a log4j finding and counts only those', async () => {
    const v = await view();
    // payments/api: log4j-core, counted once though the running-image scan repeats it.
    expect(ask(v, 'log4j in prod')).toEqual([{ repo: 'payments/api', counts: [1, 0, 0, 0] }]);
  });

  test('distribution package names count as the package people name', async () => {
    const v = await view();
    expect(ask(v, 'openssl findings').map((r) => r.repo)).toEqual(['web/storefront']);
    expect(ask(v, 'which images have curl vulns').map((r) => r.repo)).toEqual(['payments/api']);
    expect(ask(v, 'glibc')).toEqual([]);
  });

  test('ecosystems come from the scan, not from guessing at names', async () => {
    const v = await view();
    expect(ask(v, 'java packages with criticals')).toEqual([{ repo: 'payments/api', counts: [2, 0, 0, 0] }]);
    expect(ask(v, 'go modules with highs').map((r) => r.repo)).toEqual(['orders/service']);
    expect(ask(v, 'npm packages with criticals')).toEqual([]);
  });

  test('exploitable: any exploit; known exploited: verified or in a kit', async () => {
    const v = await view();
    expect(ask(v, 'exploitable criticals').map((r) => r.repo)).toEqual(['payments/api']);
    expect(ask(v, 'known exploited vulns in prod')).toEqual([{ repo: 'orders/service', counts: [0, 1, 0, 0] }]);
    expect(ask(v, 'what is exploited in the wild').map((r) => r.repo)).toEqual(['orders/service']);
    expect(ask(v, 'exploitable vulns').map((r) => r.repo).sort()).toEqual(['orders/service', 'payments/api']);
  });
});

describe('nicknames', () => {
  test('every nickname names CVE ids and a public source', () => {
    for (const n of VULNERABILITY_NICKNAMES) {
      expect(n.cves.length, n.name).toBeGreaterThan(0);
      for (const cve of n.cves) expect(cve).toMatch(/^CVE-\d{4}-\d{4,}$/);
      expect(n.source).toMatch(/^https:\/\//);
    }
  });

  test.for<[string, string[]]>([
    ['is log4shell anywhere in prod', ['CVE-2021-44228']],
    ['which images are hit by Leaky-Vessels', ['CVE-2024-21626', 'CVE-2024-23651', 'CVE-2024-23652', 'CVE-2024-23653']],
    ['are we exposed to the xz backdoor?', ['CVE-2024-3094']],
    ['regreSSHion in prod', ['CVE-2024-6387']],
    ['http/2 rapid reset', ['CVE-2023-44487']],
    ['looney tunables', ['CVE-2023-4911']],
    ['heartbleed or shellshock anywhere?', ['CVE-2014-0160', 'CVE-2014-6271', 'CVE-2014-7169']],
  ])('%s', ([text, cves]) => {
    expect(parse(text).entities.cves).toEqual(cves);
  });

  test('a nickname finds the images carrying any of its CVEs', async () => {
    const v = await view();
    const parsed = parse('is log4shell anywhere in prod');
    const query = queryFromEntities(parsed.entities, parsed.words);
    expect(imagesWithAnyCve(v, parsed.entities.cves, query).map((f) => f.image.ref.repository).sort()).toEqual(['legacy/erp-connector', 'payments/api']);
    const rapid = parse('anything with rapid reset?');
    expect(imagesWithAnyCve(v, rapid.entities.cves, queryFromEntities(rapid.entities, rapid.words)).map((f) => f.image.ref.repository)).toEqual(['orders/service']);
  });
});
