/**
 * How well ShipShape understands people: the labelled corpus (test/language/corpus.ts) scored as the
 * router dispatches, right answers per command, and the parser's time per phrasing.
 */
import { CORPUS } from '../test/language/corpus.js';
import { ratesByCommand, score } from '../test/language/score.js';
import type { BenchResult } from './support/result.js';

export async function run(): Promise<BenchResult[]> {
  const started = performance.now();
  const outcomes = CORPUS.map(score);
  const perPhrasing = (performance.now() - started) / CORPUS.length;
  const results: BenchResult[] = [];
  for (const [command, { right, total }] of [...ratesByCommand(outcomes)].sort(([a], [b]) => a.localeCompare(b))) {
    const rate = (100 * right) / total;
    results.push({ name: `understood: ${command} (${right}/${total})`, value: rate, unit: '%', goal: '≥ 97 %', pass: rate >= 97 });
  }
  const right = outcomes.filter((o) => o.ok).length;
  results.push({ name: `understood: all ${CORPUS.length} phrasings`, value: (100 * right) / CORPUS.length, unit: '%', goal: '≥ 97 %', pass: right / CORPUS.length >= 0.97 });
  results.push({ name: 'parse and route one phrasing', value: perPhrasing, unit: 'ms', note: 'first call builds the vocabulary' });
  for (const miss of outcomes.filter((o) => !o.ok)) console.log(`  miss: ${miss.entry.command} ← ${miss.got}: ${miss.entry.text} ${miss.wrongSlots.join(' ')}`);
  return results;
}
