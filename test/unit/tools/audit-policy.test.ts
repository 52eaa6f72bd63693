import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { decide, exceptionsFileSchema, findingsOf, type AuditException } from '../../../src/tools/audit-policy.js';

/** An `npm audit --omit=dev --json` report (version 2) in the shape npm 10 prints. */
const REPORT = {
  auditReportVersion: 2,
  vulnerabilities: {
    'fast-xml-parser': {
      name: 'fast-xml-parser',
      severity: 'high',
      isDirect: false,
      via: [{ source: 1096538, name: 'fast-xml-parser', dependency: 'fast-xml-parser', title: 'ReDoS in currency parsing', url: 'https://github.com/advisories/GHSA-mpg4-rc92-vx8v', severity: 'high', range: '<4.4.1' }],
      effects: ['@azure/core-xml'],
      range: '<4.4.1',
      fixAvailable: true,
    },
    '@azure/core-xml': { name: '@azure/core-xml', severity: 'high', isDirect: false, via: ['fast-xml-parser'], effects: [], range: '*', fixAvailable: true },
    cookie: {
      name: 'cookie',
      severity: 'low',
      isDirect: false,
      via: [{ source: 1099846, name: 'cookie', title: 'cookie accepts out of bounds characters', url: 'https://github.com/advisories/GHSA-pxg6-pf52-xh8x', severity: 'low', range: '<0.7.0' }],
      effects: [],
      range: '<0.7.0',
      fixAvailable: false,
    },
    restify: {
      name: 'restify',
      severity: 'critical',
      isDirect: true,
      via: [{ source: 1, name: 'restify', title: 'Something critical', url: 'https://github.com/advisories/GHSA-2222-3333-4444', severity: 'critical', range: '*' }],
      effects: [],
      range: '*',
      fixAvailable: false,
    },
  },
  metadata: { vulnerabilities: { info: 0, low: 1, moderate: 0, high: 2, critical: 1, total: 4 } },
};

const TODAY = new Date('2026-03-01T12:00:00Z');
const exception = (over: Partial<AuditException> = {}): AuditException => ({
  advisory: 'GHSA-2222-3333-4444',
  package: 'restify',
  reason: 'Only reachable through the multipart body parser, which ShipShape does not enable.',
  expires: '2026-06-30',
  recordedBy: 'platform-security',
  ...over,
});

describe('npm audit policy', () => {
  test('reads advisories once each, from the packages that carry them', () => {
    const findings = findingsOf(REPORT) ?? [];
    expect(findings.map((f) => `${f.package} ${f.advisory} ${f.severity}`).sort()).toEqual([
      'cookie GHSA-pxg6-pf52-xh8x low',
      'fast-xml-parser GHSA-mpg4-rc92-vx8v high',
      'restify GHSA-2222-3333-4444 critical',
    ]);
  });

  test('high and critical advisories fail; lower ones are only reported', () => {
    const decision = decide(REPORT, [], TODAY);
    expect(decision.failures.map((f) => f.package).sort()).toEqual(['fast-xml-parser', 'restify']);
    expect(decision.below.map((f) => f.package)).toEqual(['cookie']);
  });

  test('a recorded, unexpired exception covers exactly its advisory and package', () => {
    const decision = decide(REPORT, [exception()], TODAY);
    expect(decision.failures.map((f) => f.package)).toEqual(['fast-xml-parser']);
    expect(decision.excepted.map((f) => f.advisory)).toEqual(['GHSA-2222-3333-4444']);
    expect(decide(REPORT, [exception({ package: 'other' })], TODAY).failures).toHaveLength(2);
  });

  test('an expired exception counts for nothing and is reported', () => {
    const decision = decide(REPORT, [exception({ expires: '2026-02-28' })], TODAY);
    expect(decision.failures).toHaveLength(2);
    expect(decision.stale.join()).toMatch(/expired on 2026-02-28/);
  });

  test('an exception for an advisory no longer reported is flagged for removal', () => {
    const decision = decide({ auditReportVersion: 2, vulnerabilities: {} }, [exception()], TODAY);
    expect(decision).toMatchObject({ reachable: true, failures: [] });
    expect(decision.stale.join()).toMatch(/no longer reported/);
  });

  test('an error from the advisory service is "unreachable", not "clean"', () => {
    expect(decide({ message: '405 Method Not Allowed', statusCode: 405 }, [], TODAY).reachable).toBe(false);
    expect(decide(undefined, [], TODAY).reachable).toBe(false);
  });

  test('exceptions must say why and until when', () => {
    expect(() => exceptionsFileSchema.parse({ exceptions: [exception({ reason: 'n/a' })] })).toThrow();
    expect(() => exceptionsFileSchema.parse({ exceptions: [exception({ expires: 'never' })] })).toThrow();
    expect(() => exceptionsFileSchema.parse({ exceptions: [exception({ advisory: 'CVE-2024-1' })] })).toThrow();
  });

  test('the recorded exceptions file is valid', () => {
    const file = path.resolve(import.meta.dirname, '../../../.ci/audit-exceptions.json');
    expect(() => exceptionsFileSchema.parse(JSON.parse(readFileSync(file, 'utf8')))).not.toThrow();
  });
});
