import { environmentGap } from '../scope-gap.js';
import type { EstateView } from './estate-view.js';
import type { ImageQuery } from './image-query.js';
import type { Workload } from './types.js';
import { describeWorkload } from './workloads.js';

/**
 * What an answer leaves out of the asked scope, as far as Azure lets the asker know: Azure registries
 * that workloads they can see run images from but that they cannot read, and registries in scope
 * without a Defender scan. Nothing is guessed: a registry no visible workload names stays unknown.
 */

/** An Azure registry a visible workload pulls from, that the asker cannot read. */
export interface HiddenRegistry {
  host: string;
  workloads: Workload[];
}

const AZURE_REGISTRY = /\.azurecr\.(io|cn|us)$/;

function inScope(workload: Workload, query: Pick<ImageQuery, 'environments'>): boolean {
  return query.environments.length === 0 || (workload.environment !== undefined && query.environments.includes(workload.environment));
}

function hostOf(workload: Workload): string | undefined {
  if (workload.deployed) return workload.deployed.registryHost.toLowerCase();
  const key = workload.imageKey;
  return key ? key.split('/')[0]?.toLowerCase() : undefined;
}

/** Registries that visible workloads (in the asked environments) run images from, unreadable to the asker. */
export function hiddenRegistries(view: EstateView, query: Pick<ImageQuery, 'environments'>): HiddenRegistry[] {
  const readable = view.readableHosts;
  if (!readable) return [];
  const found = new Map<string, Workload[]>();
  for (const w of view.workloads) {
    const host = hostOf(w);
    if (!host || !AZURE_REGISTRY.test(host) || readable.has(host) || !inScope(w, query)) continue;
    found.set(host, [...(found.get(host) ?? []), w]);
  }
  return [...found].map(([host, workloads]) => ({ host, workloads })).sort((a, b) => a.host.localeCompare(b.host));
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en')} ${n === 1 ? one : many}`;
}

function names(items: readonly string[], max = 3): string {
  return items.slice(0, max).join(', ') + (items.length > max ? `, +${items.length - max} more` : '');
}

/** Sentences for the top of a card, one per kind of gap; empty when nothing is known to be left out. */
export function coverageLines(view: EstateView, query: Pick<ImageQuery, 'environments'>): string[] {
  const lines: string[] = [];
  const envLine = environmentGap(view.subscriptions, query.environments);
  if (envLine) lines.push(envLine);
  const hidden = hiddenRegistries(view, query);
  if (hidden.length > 0) {
    const workloads = hidden.reduce((n, h) => n + h.workloads.length, 0);
    lines.push(
      `Not visible to you: ${plural(workloads, 'workload')} you can see ${workloads === 1 ? 'runs' : 'run'} images from ${names(hidden.map((h) => h.host))}, ` +
        `which you cannot read; ${hidden.length === 1 ? 'its' : 'their'} images and findings are not included.`,
    );
  }
  const unscanned = view.registries.filter((r) => r.scanState === 'not-scanned');
  if (unscanned.length > 0) {
    lines.push(`${plural(unscanned.length, 'registry', 'registries')} in scope ${unscanned.length === 1 ? 'has' : 'have'} no Defender scan (${names(unscanned.map((r) => r.name))}): ${unscanned.length === 1 ? 'its' : 'their'} images are not counted.`);
  }
  return lines;
}

/** For a named image not found: a visible workload that runs it from a registry the asker cannot read. */
export function hiddenRunner(view: EstateView, repository: string, tag: string | undefined): { host: string; workload: string } | undefined {
  const wanted = repository.toLowerCase();
  for (const h of hiddenRegistries(view, { environments: [] })) {
    for (const w of h.workloads) {
      const repo = w.deployed?.repository.toLowerCase() ?? w.imageKey?.split('/').slice(1).join('/').split('@')[0]?.toLowerCase();
      if (repo !== wanted) continue;
      if (tag && w.deployed?.tag !== undefined && w.deployed.tag !== tag) continue;
      return { host: h.host, workload: describeWorkload(w) };
    }
  }
  return undefined;
}
