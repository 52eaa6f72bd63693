import type { ArmResource } from './tenant-types.js';
import { Prng } from './prng.js';
import {
  clusterResources, personaGrants, policyResources, registryResources, subscriptionPlan, subscriptionResources, type GeneratedSubscription,
} from './large-estate.js';
import { ContainerGroupBatcher, imageFindings, planImage, registryAssessment } from './large-images.js';
import { CRITICAL_IMAGE_SHARE, registryFindings, registryImages, skewSubscription } from './large-skew.js';
import { registryId } from './registry-body.js';
import { clusterResources as optedClusterResources } from './large-clusters.js';
import { registryChildren } from './large-registry-children.js';

export interface GenerateOptions {
  /** Output file. */
  out: string;
  subscriptions: number;
  registries: number;
  /** Distinct images (registry host + repository + digest) over all registries. */
  images: number;
  /** Open findings: sub-assessments with status Unhealthy. Resolved and exempt ones come on top. */
  findings: number;
  seed: number;
  /** Share of images that run in container groups (0..1, default 0.1). */
  runningShare?: number;
  /** `lean` (default) leaves out CPE, exploitability and weakness details to keep large files smaller. */
  detail?: 'full' | 'lean';
  /**
   * `even` (default): every registry and image about alike, environments in turn. `skewed`: as real
   * estates are: a few registries with tens of thousands of findings and most with tens, about a fifth
   * of subscriptions in production, most images without a critical finding.
   */
  shape?: 'even' | 'skewed';
  /** AKS clusters (default none), spread over subscriptions like registries, with the containers they run. */
  clusters?: number;
  /** Give registries repository-scoped tokens, cache rules and the private endpoints they name (default no). */
  registryChildren?: boolean;
}

export type ResourceOptions = Omit<GenerateOptions, 'out'>;

export function validateOptions(opts: ResourceOptions): void {
  const counts = { subscriptions: opts.subscriptions, registries: opts.registries, images: opts.images, findings: opts.findings };
  for (const [name, value] of Object.entries(counts)) {
    if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`${name} must be a non-negative integer (got ${value})`);
  }
  if (!Number.isSafeInteger(opts.seed)) throw new RangeError(`seed must be an integer (got ${opts.seed})`);
  if (opts.subscriptions < 1) throw new RangeError('at least one subscription is needed');
  if (opts.images > 0 && opts.registries < 1) throw new RangeError('images need at least one registry');
  if (opts.findings > 0 && opts.images < 1) throw new RangeError('findings need at least one image');
  const share = opts.runningShare ?? 0.1;
  if (!(share >= 0 && share <= 1)) throw new RangeError(`runningShare must be between 0 and 1 (got ${share})`);
}

/** Split `total` over `parts` as evenly as possible; part `i` gets its share. */
function evenShare(total: number, parts: number, i: number): number {
  return Math.floor(total / parts) + (i < total % parts ? 1 : 0);
}

/** Sum of {@link evenShare} over parts [from, from + count): how many open findings a registry's images hold. */
function evenShareSum(total: number, parts: number, from: number, count: number): number {
  const extra = Math.max(0, Math.min(from + count, total % parts) - from);
  return count * Math.floor(total / parts) + extra;
}

/**
 * Open findings per image of one registry: an even split of the total, then neighbouring images
 * trade part of their share so that images differ while the registry's (and the tenant's) total
 * stays exact.
 */
class FindingSplitter {
  private carry: number | undefined;

  constructor(private readonly total: number, private readonly images: number, private readonly prng: Prng) {}

  /** Findings of global image `g`, the `k`-th of `count` images in its registry. */
  next(g: number, k: number, count: number): number {
    if (this.carry !== undefined) {
      const value = this.carry;
      this.carry = undefined;
      return value;
    }
    const a = evenShare(this.total, this.images, g);
    if (k + 1 >= count) return a;
    const b = evenShare(this.total, this.images, g + 1);
    const d = this.prng.int(0, Math.floor(Math.min(a, b) * 0.6));
    const sign = this.prng.chance(0.5) ? 1 : -1;
    this.carry = b - sign * d;
    return a + sign * d;
  }
}

function planOf(index: number, seed: number, skewed: boolean): GeneratedSubscription {
  const plan = subscriptionPlan(index, seed);
  return skewed ? skewSubscription(plan, seed) : plan;
}

/**
 * Every resource of a generated tenant, one at a time (nothing accumulates: at most three running
 * images wait for their container group). Deterministic for a given seed: each section draws from its own seeded stream.
 */
export function* generateResources(opts: ResourceOptions): Generator<ArmResource> {
  validateOptions(opts);
  const { subscriptions: S, registries: R, images: I, findings: F, seed } = opts;
  const runningShare = opts.runningShare ?? 0.1;
  const detail = opts.detail ?? 'lean';
  const skewed = opts.shape === 'skewed';

  const estatePrng = new Prng(seed);
  // A stream of its own, so that adding clusters changes nothing else a seed generates.
  const clusterPrng = new Prng(seed ^ 0x5eed0006);
  const seenEnv = new Set<string>();
  for (let s = 0; s < S; s++) {
    const sub = planOf(s, seed, skewed);
    yield* subscriptionResources(sub, estatePrng);
    yield* policyResources(sub);
    const firstOfEnv = !seenEnv.has(sub.env);
    seenEnv.add(sub.env);
    if (firstOfEnv) yield* clusterResources(sub, clusterPrng);
    // Diego's AcrPush goes to the first registry of the first dev subscription, when there is one.
    const firstRegistry =
      s < R ? registryId({ subscriptionId: sub.id, resourceGroup: sub.registriesRg, name: `contoso${sub.env}${String(s + 1).padStart(5, '0')}` }) : undefined;
    yield* personaGrants(sub, firstOfEnv, firstRegistry);
  }

  const registryPrng = new Prng(seed ^ 0x5eed0001);
  const imagePrng = new Prng(seed ^ 0x5eed0002);
  const findingPrng = new Prng(seed ^ 0x5eed0003);
  const workloadPrng = new Prng(seed ^ 0x5eed0004);
  const splitter = new FindingSplitter(F, Math.max(I, 1), new Prng(seed ^ 0x5eed0005));
  // Skewed: each registry's share of findings and images, fixed up front; even: the running split.
  const skewFindings = skewed ? registryFindings(F, R, seed) : undefined;
  const skewImages = skewFindings ? registryImages(I, skewFindings) : undefined;
  // Drawn from streams of their own, so that tenants without clusters or children generate as before.
  const childPrng = new Prng(seed ^ 0x5eed0006);
  const hosts: string[] = [];
  let g = 0;
  for (let r = 0; r < R; r++) {
    // Registry `r` lives in subscription `r mod subscriptions`.
    const { registry, resources } = registryResources(r, planOf(r % S, seed, skewed), registryPrng);
    yield* resources;
    if (opts.registryChildren && resources[0]) yield* registryChildren(registry, resources[0], childPrng);
    if (hosts.length < 50 && (opts.clusters ?? 0) > 0) hosts.push(registry.loginServer);
    const count = skewImages ? (skewImages[r] as number) : evenShare(I, R, r);
    if (count === 0) continue;
    const registryTotal = skewFindings ? (skewFindings[r] as number) : evenShareSum(F, Math.max(I, 1), g, count);
    yield registryAssessment(registry, registryTotal > 0, findingPrng);
    const batcher = new ContainerGroupBatcher(registry, workloadPrng);
    for (let k = 0; k < count; k++, g++) {
      const open = skewFindings ? evenShare(registryTotal, count, k) : splitter.next(g, k, count);
      const image = planImage(registry, open, imagePrng, runningShare, skewed ? CRITICAL_IMAGE_SHARE : undefined);
      yield* imageFindings(registry, image, findingPrng, detail);
      const group = image.running ? batcher.add(image) : undefined;
      if (group) yield group;
    }
    const rest = batcher.flush();
    if (rest) yield rest;
  }
  const optedClusterPrng = new Prng(seed ^ 0x5eed0007);
  for (let c = 0; c < (opts.clusters ?? 0); c++) yield* optedClusterResources(c, planOf(c % S, seed, skewed), hosts, optedClusterPrng);
}
