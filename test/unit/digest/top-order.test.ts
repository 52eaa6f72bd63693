import { expect, test } from 'vitest';
import { digestCard } from '../../../src/domain/digest/content.js';
import { computeDelta } from '../../../src/domain/digest/delta.js';
import { finding, observation, subscription } from './support/fakes.js';

test('the digest lists new findings with an exploit first, as fix-first ranks them', () => {
  const before = observation({ readAt: '2026-03-29T07:00:00.000Z', findings: [] });
  const after = observation({
    findings: [finding('CVE-2025-0001'), { ...finding('CVE-2025-0009', 'High'), exploit: 'known' as const }, { ...finding('CVE-2025-0005', 'High'), exploit: 'kit' as const }],
  });
  const previous = computeDelta(undefined, before).snapshot;
  const card = digestCard(subscription(), computeDelta(previous, after), after, { trigger: 'scheduled', nextRunAt: undefined, tenantId: 't' });
  const rows = card.data.findings as { text: string; detail: string }[];
  expect(rows.map((r) => r.text.split(' · ')[0])).toEqual(['CVE-2025-0005', 'CVE-2025-0009', 'CVE-2025-0001']);
  expect(rows[0]?.detail).toContain('exploit in an exploit kit');
  expect(rows[1]?.detail).toContain('known exploit');
});
