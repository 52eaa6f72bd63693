import { describe, expect, test } from 'vitest';
import type { Environment } from '../../../../src/domain/environment.js';
import type { Severity } from '../../../../src/domain/severity.js';
import { p } from './support.js';

describe('environments and severities', () => {
  test.for<[string, Environment[], Severity[]]>([
    ['which prod images have criticals', ['prod'], ['Critical']],
    ['show critical and high vulns in production', ['prod'], ['Critical', 'High']],
    ['HIGH+ findings in STAGING!!', ['staging'], ['Critical', 'High']],
    ['high and above in stg', ['staging'], ['Critical', 'High']],
    ['medium or higher', [], ['Critical', 'High', 'Medium']],
    ['at least medium in dev', ['dev'], ['Critical', 'High', 'Medium']],
    ['anything above medium?', [], ['Critical', 'High']],
    ['crit vulns in prd', ['prod'], ['Critical']],
    ['moderate and low issues in qa', ['test'], ['Medium', 'Low']],
    ['lows in development', ['dev'], ['Low']],
    ['critical/high in pre-prod', ['staging'], ['Critical', 'High']],
    ['criticals in prod and staging', ['prod', 'staging'], ['Critical']],
    ['Critical, High; prod.', ['prod'], ['Critical', 'High']],
    ['<at>ShipShape</at> critical findings in test', ['test'], ['Critical']],
    ['critcal findigns in prodution', ['prod'], ['Critical']],
    ['high severity CVEs in uat', ['test'], ['High']],
    ['show findings', [], []],
    ['who am i', [], []],
  ])('%s', ([text, environments, severities]) => {
    const { entities } = p(text);
    expect(entities.environments).toEqual(environments);
    expect(entities.severities).toEqual(severities);
  });

  test('an environment word inside a resource group or subscription name is not an environment', () => {
    expect(p('findings in rg-payments-prod').entities.environments).toEqual([]);
    expect(p('findings in subscription Contoso Prod').entities.environments).toEqual([]);
  });
});

describe('synonyms fold to one word for commands', () => {
  test.for([
    ['vulns', 'finding'],
    ['vulnerabilities', 'finding'],
    ['CVEs', 'finding'],
    ['findings', 'finding'],
    ['issues', 'finding'],
    ['registries', 'registry'],
    ['ACRs', 'registry'],
    ['repos', 'repository'],
    ['waivers', 'exemption'],
    ['list', 'show'],
    ['production', 'prod'],
  ])('%s → %s', ([typed, canonical]) => {
    expect(p(`${typed}`).words).toEqual([canonical]);
  });
});
