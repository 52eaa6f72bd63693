import { randomUUID } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { commands, createCommandRouter } from '../../../src/commands/index.js';
import { exampleNamesFor, fillExample, PLACEHOLDER } from '../../../src/commands/example-names.js';
import type { CommandContext } from '../../../src/commands/types.js';
import type { PosturePort, RegistryListing } from '../../../src/domain/posture/index.js';
import { context } from './support/context.js';

function withRegistries(names: Array<{ name: string; resourceGroup: string }> | Error | 'never'): CommandContext {
  const posture = {
    apiVersion: 'test',
    registries: async (): Promise<RegistryListing> => {
      if (names === 'never') return new Promise(() => undefined);
      if (names instanceof Error) throw names;
      return { registries: names.map((n) => ({ ...n, id: `/subscriptions/s/resourceGroups/${n.resourceGroup}/providers/Microsoft.ContainerRegistry/registries/${n.name}` })), scope: {} } as unknown as RegistryListing;
    },
    registry: async () => undefined,
  } as unknown as PosturePort;
  const base = context();
  // A fresh person each time: names are remembered per person.
  return { ...base, user: { ...base.user, aadObjectId: randomUUID() }, services: { ...base.services, posture } };
}

describe('command examples', () => {
  test('name no tenant: registries and resource groups appear only as the placeholders', () => {
    const all = commands.flatMap((c) => c.examples).join('\n');
    expect(all).not.toMatch(/contoso|rg-[a-z]|payments\/|priya|diego|mei\b/i);
    expect(all).toContain(PLACEHOLDER.registry);
    expect(all).toContain(PLACEHOLDER.resourceGroup);
  });

  test('are filled with the names given, whole words only', () => {
    const names = { registry: 'acrfabrikam7', resourceGroup: 'shared-images' };
    expect(fillExample('critical and high findings in registry myregistry', names)).toBe('critical and high findings in registry acrfabrikam7');
    expect(fillExample('details of myregistry.azurecr.io/myapp:1.0', names)).toBe('details of acrfabrikam7.azurecr.io/myapp:1.0');
    expect(fillExample('audit log for resource group my-resource-group this week', names)).toBe('audit log for resource group shared-images this week');
    expect(fillExample('in registry myregistry2 or my-resource-group-old', names)).toBe('in registry myregistry2 or my-resource-group-old');
    expect(fillExample('in registry myregistry', {})).toBe('in registry myregistry');
  });
});

describe("the asker's own names", () => {
  test('the first registry they can read, by name, and its resource group', async () => {
    const ctx = withRegistries([{ name: 'zeta', resourceGroup: 'group-z' }, { name: 'alpha', resourceGroup: 'group-a' }]);
    expect(await exampleNamesFor(ctx)).toEqual({ registry: 'alpha', resourceGroup: 'group-a' });
  });

  test('nothing (the placeholders stay) when they read no registry, Azure fails, or does not answer in time', async () => {
    expect(await exampleNamesFor(withRegistries([]))).toEqual({});
    expect(await exampleNamesFor(withRegistries(new Error('403')))).toEqual({});
    expect(await exampleNamesFor(withRegistries('never'))).toEqual({});
    expect(await exampleNamesFor(context())).toEqual({});
  }, 10_000);
});

describe('"did you mean" suggestions', () => {
  test('name the asker’s registry and resource group where the examples have placeholders', async () => {
    const router = createCommandRouter(commands);
    const ctx = withRegistries([{ name: 'acrnorth', resourceGroup: 'images-shared' }]);
    const registry = await router.handleText('registy hardnd', ctx);
    const group = await router.handleText('policy stuff in resource group', ctx);
    expect(registry.kind === 'card' && registry.template).toBe('suggestions');
    expect(JSON.stringify(registry)).toContain('is acrnorth hardened?');
    expect(JSON.stringify(group)).toContain('resource group images-shared');
    expect(JSON.stringify([registry, group])).not.toMatch(/myregistry|my-resource-group/);
  });
});
