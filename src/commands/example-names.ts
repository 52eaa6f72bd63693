import type { CommandContext } from './types.js';

/**
 * Command examples are written with neutral placeholder names, so that they read right in any
 * tenant and in the Teams manifest. When a person sees them (help, "did you mean", a tried example),
 * the placeholders become names from that person's own estate: a registry they can read and its
 * resource group. Nothing of one tenant is ever suggested to another.
 */

/** The placeholders examples use, and what each stands for. */
export const PLACEHOLDER = {
  registry: 'myregistry',
  resourceGroup: 'my-resource-group',
} as const;

export interface ExampleNames {
  registry?: string;
  resourceGroup?: string;
}

const TOKENS = Object.entries(PLACEHOLDER).map(([key, token]) => ({ key: key as keyof ExampleNames, pattern: new RegExp(`(?<![\\w-])${token}(?![\\w-])`, 'g') }));

/** An example with the person's own names in place of the placeholders it has names for. */
export function fillExample(example: string, names: ExampleNames): string {
  let out = example;
  for (const { key, pattern } of TOKENS) {
    const name = names[key];
    if (name) out = out.replace(pattern, name);
  }
  return out;
}

/** Names are looked up at most this often per person, and never for longer than this. */
const CACHE_MS = 10 * 60_000;
const LOOKUP_MS = 2_000;
const MAX_PEOPLE = 1_000;
const cache = new Map<string, { at: number; names: ExampleNames }>();

/**
 * A registry the person can read (the first by name) and its resource group. Nothing when they can
 * read none, the installation cannot list registries, or Azure does not answer quickly: then the
 * placeholders stay, which is better than a slow help card or someone else's names.
 */
export async function exampleNamesFor(ctx: CommandContext): Promise<ExampleNames> {
  const posture = ctx.services.posture;
  if (!posture) return {};
  const key = ctx.user.aadObjectId ?? ctx.user.channelUserId;
  const now = ctx.now().getTime();
  const cached = cache.get(key);
  if (cached && now - cached.at < CACHE_MS) return cached.names;
  const lookup = posture.registries(ctx.user, { environments: [], registries: [] }).then(
    (listing): ExampleNames => {
      const first = [...listing.registries].sort((a, b) => a.name.localeCompare(b.name))[0];
      return first ? { registry: first.name, resourceGroup: first.resourceGroup } : {};
    },
    (): ExampleNames => ({}),
  );
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), LOOKUP_MS);
  });
  const names = await Promise.race([lookup, late]).finally(() => clearTimeout(timer));
  if (names === undefined) return {};
  if (cache.size >= MAX_PEOPLE) cache.delete(cache.keys().next().value as string);
  cache.set(key, { at: now, names });
  return names;
}
