import { appendFile, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ContainerRegistryManagementClient } from '@azure/arm-containerregistry';
import { PolicyClient } from '@azure/arm-policy';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadTenantFile } from '../../../src/emulator/tenant/load-tenant.js';
import { openStateJournal, StateJournalError } from '../../../src/emulator/tenant/state-journal.js';
import { startTestEmulator, type TestEmulator } from '../conformance/support/emulator.js';
import { registry, resourceGroup, ROLE, roleAssignment, SUB, subscription, tenantOf, WHO } from '../conformance/support/tenant.js';

/** The emulator keeps approved changes in its data folder across restarts; `fresh` goes back to the tenant file. */

const RG = 'rg-state';
const ACR_ADMIN = '/providers/Microsoft.Authorization/policyDefinitions/dc921057-6b28-4fbe-9b83-f7bec05db6c2';
const rgScope = `/subscriptions/${SUB.acr}/resourceGroups/${RG}`;

const tenant = tenantOf([
  subscription(SUB.acr, 'State'),
  resourceGroup(SUB.acr, RG),
  registry(SUB.acr, RG, 'keepme', { adminUserEnabled: true }),
  roleAssignment(`/subscriptions/${SUB.acr}`, WHO.admin, ROLE.owner),
]);

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'emu-state-'));
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

async function withEmulator<T>(t: unknown, state: { dir: string; fresh?: boolean }, use: (env: TestEmulator) => Promise<T>): Promise<T> {
  const env = await startTestEmulator(t, { state });
  try {
    return await use(env);
  } finally {
    await env.close();
  }
}

async function look(env: TestEmulator): Promise<{ admin: boolean | undefined; assignments: string[] }> {
  const credential = await env.user(WHO.admin);
  const acr = new ContainerRegistryManagementClient(credential, SUB.acr, env.clientOptions);
  const policy = new PolicyClient(credential, SUB.acr, env.clientOptions);
  const names: string[] = [];
  for await (const a of policy.policyAssignments.listForResourceGroup(RG, { filter: 'atExactScope()' })) names.push(a.name ?? '');
  return { admin: (await acr.registries.get(RG, 'keepme')).adminUserEnabled, assignments: names };
}

describe('saved emulator state', () => {
  test('a change made through the SDK is still there after a restart on the same folder, and fresh resets it', async () => {
    const state = { dir: path.join(dir, 'same') };
    await withEmulator(tenant, state, async (env) => {
      expect(await look(env)).toEqual({ admin: true, assignments: [] });
      const credential = await env.user(WHO.admin);
      await new ContainerRegistryManagementClient(credential, SUB.acr, env.clientOptions).registries.beginUpdateAndWait(RG, 'keepme', { adminUserEnabled: false });
      const policy = new PolicyClient(credential, SUB.acr, env.clientOptions);
      await policy.policyAssignments.create(rgScope, 'acr-no-admin', { policyDefinitionId: ACR_ADMIN });
      await policy.policyAssignments.create(rgScope, 'short-lived', { policyDefinitionId: ACR_ADMIN });
      await policy.policyAssignments.delete(rgScope, 'short-lived');
    });

    await withEmulator(tenant, state, async (env) => {
      expect(env.emulator.state?.restored).toBe(3);
      expect(await look(env)).toEqual({ admin: false, assignments: ['acr-no-admin'] });
    });
    // Replaying compacts: the journal holds one line per changed resource.
    const [journal, ...others] = await readdir(state.dir);
    expect(others).toEqual([]);
    expect((await readFile(path.join(state.dir, journal ?? ''), 'utf8')).trim().split('\n')).toHaveLength(3);

    await withEmulator(tenant, { ...state, fresh: true }, async (env) => {
      expect(await look(env)).toEqual({ admin: true, assignments: [] });
    });
    await withEmulator(tenant, state, async (env) => {
      expect(env.emulator.state?.restored).toBe(0);
      expect(await look(env)).toEqual({ admin: true, assignments: [] });
    });
  }, 60_000);

  test('another tenant file in the same folder starts from its own content', async () => {
    const state = { dir: path.join(dir, 'shared') };
    await withEmulator(tenant, state, async (env) => {
      await new ContainerRegistryManagementClient(await env.user(WHO.admin), SUB.acr, env.clientOptions).registries.beginUpdateAndWait(RG, 'keepme', {
        adminUserEnabled: false,
      });
    });
    // Same ids, one more resource: a different file, so none of the first file's changes apply.
    const other = tenantOf([...tenant.resources, registry(SUB.acr, RG, 'another', {})]);
    await withEmulator(other, state, async (env) => {
      expect(env.emulator.state?.restored).toBe(0);
      expect((await look(env)).admin).toBe(true);
    });
    await withEmulator(tenant, state, async (env) => expect((await look(env)).admin).toBe(false));
  }, 60_000);
});

describe('the journal file', () => {
  async function tenantFile(name: string): Promise<string> {
    const file = path.join(dir, name);
    await writeFile(file, JSON.stringify(tenant));
    return file;
  }

  test('a torn last line (the process died mid-write) is dropped; a damaged earlier line is an error naming --fresh', async () => {
    const file = await tenantFile('torn.json');
    const stateDir = path.join(dir, 'torn');
    const first = await loadTenantFile(file, { fingerprint: true });
    const journal = openStateJournal(first.store, { dir: stateDir, tenantId: first.tenantId, fingerprint: first.fingerprint ?? '' });
    const id = `/subscriptions/${SUB.acr}/resourceGroups/${RG}/providers/Microsoft.ContainerRegistry/registries/keepme`;
    first.store.put({ ...(first.store.get(id) ?? { id }), tags: { kept: 'yes' } });
    journal.close();
    await appendFile(journal.file, '{"op":"put","resou');

    const second = await loadTenantFile(file, { fingerprint: true });
    const reopened = openStateJournal(second.store, { dir: stateDir, tenantId: second.tenantId, fingerprint: second.fingerprint ?? '' });
    expect(second.store.get(id)?.tags).toEqual({ kept: 'yes' });
    reopened.close();
    expect((await readFile(journal.file, 'utf8')).endsWith('}\n')).toBe(true);

    await writeFile(journal.file, `not json\n${await readFile(journal.file, 'utf8')}`);
    const third = await loadTenantFile(file, { fingerprint: true });
    expect(() => openStateJournal(third.store, { dir: stateDir, tenantId: third.tenantId, fingerprint: third.fingerprint ?? '' })).toThrow(StateJournalError);
    expect(() => openStateJournal(third.store, { dir: stateDir, tenantId: third.tenantId, fingerprint: third.fingerprint ?? '' })).toThrow(/--fresh/);
  });

  test('loading a tenant file leaves the journal untouched; only later changes are written', async () => {
    const file = await tenantFile('quiet.json');
    const loaded = await loadTenantFile(file, { fingerprint: true });
    const journal = openStateJournal(loaded.store, { dir: path.join(dir, 'quiet'), tenantId: loaded.tenantId, fingerprint: loaded.fingerprint ?? '' });
    expect(journal.restored).toBe(0);
    expect(await readFile(journal.file, 'utf8')).toBe('');
    loaded.store.delete(`/subscriptions/${SUB.acr}/resourceGroups/${RG}/providers/Microsoft.ContainerRegistry/registries/keepme`);
    loaded.store.delete(`/subscriptions/${SUB.acr}/resourceGroups/${RG}/providers/Microsoft.ContainerRegistry/registries/absent`);
    journal.close();
    expect((await readFile(journal.file, 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as unknown)).toEqual([
      { op: 'delete', id: `/subscriptions/${SUB.acr}/resourceGroups/${RG}/providers/Microsoft.ContainerRegistry/registries/keepme` },
    ]);
  });
});
