import { CATALOG, type CatalogEntry, type OsFamily, type Severity } from './cve-catalog.js';

/**
 * Findings for generated images: the real catalog first, then — only when an image needs more
 * findings than the catalog holds for its distribution — synthetic entries. Synthetic CVE ids use
 * the `CVE-2026-9NNNNN` range so that nobody mistakes them for a real advisory.
 */

const SYNTHETIC_PACKAGES: Record<OsFamily, readonly string[]> = {
  debian: ['libgnutls30', 'libkrb5-3', 'libtasn1-6', 'perl-base', 'libexpat1', 'libpcre2-8-0', 'libgcrypt20', 'libldap-2.5-0', 'libpam0g', 'tar'],
  alpine: ['busybox', 'musl', 'libcrypto3', 'libexpat', 'pcre2', 'libxml2', 'sqlite-libs', 'nghttp2-libs', 'libcurl', 'ssl_client'],
  ubuntu: ['libgnutls30', 'libkrb5-3', 'libssh-4', 'libexpat1', 'libpcre2-8-0', 'libgcrypt20', 'python3.10', 'libsystemd0', 'libudev1', 'bash'],
};

const BANDS: ReadonlyArray<{ severity: Severity; min: number; max: number; vector: string; share: number }> = [
  { severity: 'Critical', min: 9.0, max: 9.8, vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', share: 0.08 },
  { severity: 'High', min: 7.0, max: 8.8, vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H', share: 0.3 },
  { severity: 'Medium', min: 4.0, max: 6.9, vector: 'CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:N/I:N/A:H', share: 0.45 },
  { severity: 'Low', min: 1.8, max: 3.9, vector: 'CVSS:3.1/AV:L/AC:H/PR:L/UI:N/S:U/C:N/I:N/A:L', share: 0.17 },
];

/** Cheap integer hash so that synthetic entry j always looks the same. */
function mix(n: number): number {
  let h = Math.imul(n ^ 0x27d4eb2d, 0x165667b1);
  h ^= h >>> 15;
  h = Math.imul(h, 0x85ebca77);
  return (h ^ (h >>> 13)) >>> 0;
}

function band(u: number): (typeof BANDS)[number] {
  let acc = 0;
  for (const b of BANDS) {
    acc += b.share;
    if (u < acc) return b;
  }
  return BANDS[BANDS.length - 1] as (typeof BANDS)[number];
}

const syntheticCache = new Map<string, CatalogEntry>();

/** The j-th synthetic entry for a distribution (stable, memoised for the small indices that repeat). */
export function syntheticEntry(family: OsFamily, j: number): CatalogEntry {
  const cacheKey = `${family}:${j}`;
  const cached = syntheticCache.get(cacheKey);
  if (cached) return cached;
  const h = mix(j * 3 + family.length);
  const packages = SYNTHETIC_PACKAGES[family];
  const pkg = packages[h % packages.length] as string;
  const b = band((h >>> 8) / 16777216);
  const cvss = Math.round((b.min + ((h >>> 4) % 100) / 100 * (b.max - b.min)) * 10) / 10;
  const fixed = h % 5 !== 0;
  const minor = (h >>> 3) % 20;
  const entry: CatalogEntry = {
    cveId: `CVE-2026-9${String(j % 100000).padStart(5, '0')}`,
    title: `Synthetic ${b.severity.toLowerCase()} vulnerability in ${pkg}`,
    packageName: pkg,
    version: `1.${minor}.0-1`,
    fixedVersion: fixed ? `1.${minor}.0-2` : '',
    category: 'OS',
    language: '',
    family,
    vendor: pkg.replace(/[^a-z0-9]+/g, '_'),
    product: pkg.replace(/[^a-z0-9]+/g, '_'),
    severity: b.severity,
    cvss,
    vector: b.vector,
    cwe: 'CWE-20',
    published: `2026-0${1 + (h % 9)}-1${h % 10}T12:00:00Z`,
  };
  if (syntheticCache.size < 50_000) syntheticCache.set(cacheKey, entry);
  return entry;
}

const realByFamily = new Map<OsFamily, readonly CatalogEntry[]>();

/** Real catalog entries that can appear in an image of this distribution (its OS packages plus language packages). */
export function realEntries(family: OsFamily): readonly CatalogEntry[] {
  let list = realByFamily.get(family);
  if (!list) {
    // Keep one entry per CVE and package so that an image never reports the same finding twice.
    const seen = new Set<string>();
    list = CATALOG.filter((e) => {
      const key = `${e.cveId}/${e.packageName}`;
      if ((e.family !== family && e.family !== 'any') || seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    realByFamily.set(family, list);
  }
  return list;
}
