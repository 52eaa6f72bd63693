import type { Env, GeneratedSubscription } from './large-estate.js';
import { Prng } from './prng.js';

/**
 * The shape of a realistic estate, where the even split is not: a few registries hold tens of
 * thousands of findings and most hold tens (a Zipf-like long tail, capped per registry); a minority
 * of subscriptions is production; most images carry no critical finding.
 */

/** Zipf exponent: the largest registry holds about a quarter of the findings before the cap. */
const EXPONENT = 1.3;
/** No registry holds more than this (the largest seen in real estates are in the tens of thousands). */
export const MAX_FINDINGS_PER_REGISTRY = 50_000;
/** Share of subscriptions that are production, and of the rest that are staging. */
const PROD_SHARE = 0.2;
const STAGING_SHARE = 0.3;
/** Share of images whose findings include a critical one. */
export const CRITICAL_IMAGE_SHARE = 0.25;

/** Splits `total` into whole parts proportional to `weights` (largest remainder), the sum exact. */
export function apportion(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  if (sum <= 0 || total === 0) return weights.map(() => 0);
  const exact = weights.map((w) => (total * w) / sum);
  const out = exact.map(Math.floor);
  let left = total - out.reduce((a, b) => a + b, 0);
  const order = exact.map((e, i) => [e - Math.floor(e), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (const [, i] of order) {
    if (left-- <= 0) break;
    out[i] = (out[i] as number) + 1;
  }
  return out;
}

/**
 * Open findings per registry: Zipf weights over a seeded order of the registries (so the large ones
 * fall anywhere), no registry above {@link MAX_FINDINGS_PER_REGISTRY} unless the total leaves no choice;
 * what a cap removes goes to the others in proportion.
 */
export function registryFindings(total: number, registries: number, seed: number): number[] {
  const prng = new Prng(seed ^ 0x5eed0101);
  const rank = prng.distinctIndices(registries, registries);
  let weights = rank.map((r) => 1 / Math.pow(r + 1, EXPONENT));
  const cap = Math.max(MAX_FINDINGS_PER_REGISTRY, Math.ceil(total / Math.max(1, registries)));
  let shares = apportion(total, weights);
  // Water-filling: capped registries keep the cap; the rest share what is left by their weights.
  for (let round = 0; round < 20 && shares.some((s) => s > cap); round++) {
    const capped = shares.map((s) => s >= cap);
    const free = total - capped.filter(Boolean).length * cap;
    weights = weights.map((w, i) => (capped[i] ? 0 : w));
    const rest = apportion(free, weights);
    shares = shares.map((_, i) => (capped[i] ? cap : (rest[i] as number)));
  }
  return shares;
}

/** Images per registry: more images where there are more findings (square root of the share), one at least where there are findings. */
export function registryImages(images: number, findings: readonly number[]): number[] {
  const withFindings = findings.filter((f) => f > 0).length;
  if (images < withFindings) return apportion(images, findings.map((f) => Math.sqrt(f)));
  const base = findings.map((f) => (f > 0 ? 1 : 0));
  const extra = apportion(images - withFindings, findings.map((f) => Math.sqrt(f)));
  return base.map((b, i) => b + (extra[i] as number));
}

/** A subscription's environment in a skewed estate: about a fifth production, drawn per subscription from the seed. */
export function skewedEnvironment(index: number, seed: number): Env {
  const u = new Prng((seed ^ 0x5eed0202) + index * 7919).next();
  return u < PROD_SHARE ? 'prod' : u < PROD_SHARE + STAGING_SHARE ? 'staging' : 'dev';
}

/** The even plan with the skewed environment (and the group names that carry it). */
export function skewSubscription(sub: GeneratedSubscription, seed: number): GeneratedSubscription {
  const env = skewedEnvironment(sub.index, seed);
  return { ...sub, env, registriesRg: `rg-registries-${env}-${sub.index + 1}`, appsRg: `rg-apps-${env}-${sub.index + 1}` };
}
