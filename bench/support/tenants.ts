import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../../src/config/index.js';
import { generateTenant } from '../../src/emulator/generate/index.js';

/** The bench estate: 20 subscriptions and 200 registries, one image per ten findings, a fixed seed. */
export interface BenchEstate {
  subscriptions: number;
  registries: number;
  images: number;
  findings: number;
  seed: number;
  shape?: 'even' | 'skewed';
}

export function estateFor(findings: number): BenchEstate {
  return { subscriptions: 20, registries: 200, images: Math.max(1, Math.round(findings / 10)), findings, seed: 42 };
}

/** A skewed estate as real ones are (see the generator's `shape: 'skewed'`), with the same subscriptions-to-registries ratio. */
export function skewedEstateFor(findings: number, subscriptions: number): BenchEstate {
  return { subscriptions, registries: subscriptions * 3, images: Math.max(1, Math.round(findings / 10)), findings, seed: 42, shape: 'skewed' };
}

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(full) : statSync(full).mtimeMs);
  }
  return newest;
}

/**
 * A generated tenant file for the estate, kept in `.shipshape/bench` between runs (generation takes
 * about 15 s per 100 k findings) and made again when the generator changed since.
 */
export async function tenantFile(estate: BenchEstate, log: (line: string) => void): Promise<string> {
  const dir = path.join(projectRoot, '.shipshape', 'bench');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `tenant-s${estate.subscriptions}-r${estate.registries}-i${estate.images}-f${estate.findings}-seed${estate.seed}${estate.shape === 'skewed' ? '-skewed' : ''}.json`);
  const generator = newestSource(path.join(projectRoot, 'src', 'emulator', 'generate'));
  if (existsSync(file) && statSync(file).mtimeMs > generator) return file;
  const started = Date.now();
  log(`generating ${estate.findings.toLocaleString('en')} findings in ${estate.images.toLocaleString('en')} images…`);
  await generateTenant({ out: file, ...estate });
  log(`  done in ${((Date.now() - started) / 1000).toFixed(0)} s (${(statSync(file).size / 1048576).toFixed(0)} MB)`);
  return file;
}
