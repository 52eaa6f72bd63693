/**
 * `npm run bench`: runs every `bench/*.bench.ts` module (or only those whose name contains one of
 * the command-line arguments) and prints their figures, ratios and goals as a table.
 *
 * Each module exports `run(): Promise<BenchResult[]>`. Benches measure; they never fail the build.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { BenchResult } from './support/result.js';

const here = path.dirname(fileURLToPath(import.meta.url));

function format(result: BenchResult): string {
  const value = result.unit === 'ms' ? `${Math.round(result.value).toLocaleString('en')} ms` : result.unit === 'x' ? `${result.value.toFixed(2)}×` : `${result.value.toLocaleString('en', { maximumFractionDigits: 1 })} ${result.unit}`;
  const verdict = result.pass === undefined ? '' : result.pass ? 'ok  ' : 'MISS';
  const goal = result.goal ? `goal ${result.goal}` : '';
  return `  ${verdict.padEnd(5)}${result.name.padEnd(58)} ${value.padStart(14)}  ${goal}${result.note ? `  (${result.note})` : ''}`;
}

async function main(): Promise<void> {
  const filters = process.argv.slice(2);
  const files = readdirSync(here)
    .filter((f) => f.endsWith('.bench.ts'))
    .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
    .sort();
  if (files.length === 0) {
    console.log('No bench modules matched.');
    return;
  }
  for (const file of files) {
    const started = Date.now();
    console.log(`\n▶ ${file}`);
    const module = (await import(pathToFileURL(path.join(here, file)).href)) as { run?: () => Promise<BenchResult[]> };
    if (typeof module.run !== 'function') {
      console.log('  (no run() export; skipped)');
      continue;
    }
    const results = await module.run();
    console.log(`\n■ ${file}: ${results.length} figures in ${((Date.now() - started) / 1000).toFixed(0)} s`);
    for (const result of results) console.log(format(result));
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
