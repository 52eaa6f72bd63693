import { describe, expect, test } from 'vitest';
import { environmentFromTags, environmentFromWord } from '../../../src/domain/environment.js';
import { normalizeScope, portalResourceUrl, shortId } from '../../../src/domain/portal.js';
import { severitiesAtOrAbove, sortSeverities, toSeverity } from '../../../src/domain/severity.js';

const TENANT = '72f988bf-0000-4000-8000-00000000c0de';

describe('portal links', () => {
  test.for<[string, string]>([
    ['/subscriptions/1d6e3a2b-7c4f-4e5d-9a8b-000000000001', `https://portal.azure.com/#@${TENANT}/resource/subscriptions/1d6e3a2b-7c4f-4e5d-9a8b-000000000001`],
    ['subscriptions/abc/resourceGroups/rg-x/', `https://portal.azure.com/#@${TENANT}/resource/subscriptions/abc/resourceGroups/rg-x`],
    ['/', `https://portal.azure.com/#@${TENANT}`],
  ])('%s', ([scope, url]) => {
    expect(portalResourceUrl(TENANT, scope)).toBe(url);
  });

  test('scopes normalise to one leading slash', () => {
    expect(normalizeScope('//subscriptions/x//')).toBe('/subscriptions/x');
    expect(normalizeScope('')).toBe('/');
  });

  test('long ids are shortened for reading', () => {
    expect(shortId('1d6e3a2b-7c4f-4e5d-9a8b-000000000001')).toBe('1d6e3a2b…0001');
    expect(shortId('rg-x')).toBe('rg-x');
  });
});

describe('environments', () => {
  test.for([
    ['PROD', 'prod'],
    ['production', 'prod'],
    ['stage', 'staging'],
    ['qa', 'test'],
    ['Development', 'dev'],
    ['banana', undefined],
  ])('%s → %s', ([word, env]) => {
    expect(environmentFromWord(word as string)).toBe(env);
  });

  test('from tags, whatever their case', () => {
    expect(environmentFromTags({ Env: 'Production' })).toBe('prod');
    expect(environmentFromTags({ environment: 'stg' })).toBe('staging');
    expect(environmentFromTags({ owner: 'x' })).toBeUndefined();
    expect(environmentFromTags(undefined)).toBeUndefined();
  });
});

describe('severities', () => {
  test('at or above', () => {
    expect(severitiesAtOrAbove('Medium')).toEqual(['Critical', 'High', 'Medium']);
    expect(severitiesAtOrAbove('Critical')).toEqual(['Critical']);
  });

  test('sorted most severe first without repeats', () => {
    expect(sortSeverities(['Low', 'Critical', 'Low', 'High'])).toEqual(['Critical', 'High', 'Low']);
  });

  test('parsed from Azure spellings', () => {
    expect(toSeverity('HIGH')).toBe('High');
    expect(toSeverity('unknown')).toBeUndefined();
  });
});
