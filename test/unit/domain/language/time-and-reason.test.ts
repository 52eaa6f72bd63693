import { describe, expect, test } from 'vitest';
import type { DateMention, DurationMention } from '../../../../src/domain/language/index.js';
import { p } from './support.js';

describe('periods', () => {
  test.for<[string, Partial<DurationMention>]>([
    ['images older than 90 days', { amount: 90, unit: 'day', relation: 'older-than', hours: 2160 }],
    ['exempt for 30 days', { amount: 30, unit: 'day', relation: 'for', hours: 720 }],
    ['90+ days old', { amount: 90, unit: 'day', relation: 'older-than' }],
    ['not scanned for more than 2 weeks', { amount: 2, unit: 'week', relation: 'older-than', hours: 336 }],
    ['in the last 2 weeks', { amount: 2, unit: 'week', relation: 'newer-than' }],
    ['pushed within 24h', { amount: 24, unit: 'hour', relation: 'newer-than', hours: 24 }],
    ['for a month', { amount: 1, unit: 'month', relation: 'for', hours: 720 }],
    ['for two weeks', { amount: 2, unit: 'week', relation: 'for' }],
    ['every 7 days', { amount: 7, unit: 'day', relation: 'every' }],
    ['6 months old', { amount: 6, unit: 'month', relation: 'older-than' }],
    ['1y', { amount: 1, unit: 'year', relation: 'plain', hours: 8760 }],
  ])('%s', ([text, expected]) => {
    const { durations } = p(text).entities;
    expect(durations).toHaveLength(1);
    expect(durations[0]).toMatchObject(expected);
  });

  test('numbers that are not periods stay numbers', () => {
    const parsed = p('top 5 images');
    expect(parsed.entities.durations).toEqual([]);
    expect(parsed.entities.numbers).toEqual([5]);
  });
});

describe('dates (today is 2025-06-15)', () => {
  test.for<[string, Omit<DateMention, 'text'>[]]>([
    ['until 2025-07-31', [{ date: '2025-07-31', relation: 'until' }]],
    ['expires 31 December 2025', [{ date: '2025-12-31', relation: 'until' }]],
    ['since Jan 5', [{ date: '2025-01-05', relation: 'since' }]],
    ['until March 1', [{ date: '2026-03-01', relation: 'until' }]],
    ['on July 4th', [{ date: '2025-07-04', relation: 'on' }]],
    ['until tomorrow', [{ date: '2025-06-16', relation: 'until' }]],
    ['since yesterday', [{ date: '2025-06-14', relation: 'since' }]],
    ['from 2025-01-01 until 2025-02-01', [{ date: '2025-01-01', relation: 'since' }, { date: '2025-02-01', relation: 'until' }]],
    ['on 2025-02-30', []],
  ])('%s', ([text, expected]) => {
    expect(p(text).entities.dates.map(({ date, relation }) => ({ date, relation }))).toEqual(expected);
  });
});

describe('reasons', () => {
  test.for<[string, string | undefined]>([
    ['exempt rg-x because the vendor fix ships Friday.', 'the vendor fix ships Friday'],
    ['exempt rg-x "vendor fix pending"', 'vendor fix pending'],
    ['exempt it “legacy app, retiring in Q3”', 'legacy app, retiring in Q3'],
    ["exempt it 'waiting on upstream'", 'waiting on upstream'],
    ['exempt it ‘legacy’', 'legacy'],
    ['reason: waiting on upstream', 'waiting on upstream'],
    ['because of the audit', 'the audit'],
    ["don't show low findings", undefined],
    ["what's new in prod", undefined],
  ])('%s', ([text, reason]) => {
    expect(p(text).entities.reason).toBe(reason);
  });

  test('words of a reason are not read as anything else', () => {
    const { entities, words } = p('exempt rg-x for 30 days because admin user is needed in prod for CVE-2024-3094');
    expect(entities.reason).toBe('admin user is needed in prod for CVE-2024-3094');
    expect(entities.policy).toBeUndefined();
    expect(entities.environments).toEqual([]);
    expect(entities.cves).toEqual([]);
    expect(words).toEqual(['exempt']);
  });

  test('after a quoted reason the rest of the question still counts', () => {
    const { entities } = p('exempt because "pending patch" in prod');
    expect(entities.reason).toBe('pending patch');
    expect(entities.environments).toEqual(['prod']);
  });
});
