import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { OnBehalfOfCredentialFactory, type TurnPerson } from '../../../src/azure/credentials.js';
import { DelegatedGrants } from '../../../src/azure/delegated-grants.js';
import { DelegatedWorkCredentials } from '../../../src/azure/delegated-work.js';
import { EmulatorSsoAssertions } from '../../../src/azure/user-assertion.js';
import type { UserIdentity } from '../../../src/domain/identity.js';
import { startEmulator, type RunningEmulator } from '../../../src/emulator/index.js';
import { NAMESPACES } from '../../../src/store/namespaces.js';
import { SqliteStore } from '../../../src/store/sqlite-store.js';
import { DEMO_TENANT_FILE, personas, type Persona } from '../../harness/personas.js';
import { TEST_APP } from '../../harness/stack.js';
import { azureOf } from '../approvals/support/azure.js';

/**
 * Renewable grants against the emulator's real token endpoint: given only in the owner's turn,
 * redeemed only as the owner, unusable when moved to another person's record or sealed with another
 * key, and forgotten once Entra refuses them, so that the work asks the person again.
 */

let workdir: string;
let emulator: RunningEmulator;
let store: SqliteStore;
let turn: TurnPerson | undefined;
const ARM = 'https://management.azure.com/.default';
const key = randomBytes(32);
const identity = (p: Persona): UserIdentity => ({ channelUserId: p.id, aadObjectId: p.aadObjectId, name: p.name });

function grants(withKey = key): DelegatedGrants {
  const azure = azureOf(emulator);
  return new DelegatedGrants(azure, store, new EmulatorSsoAssertions(azure.authorityHost, azure.clientId, emulator.caCertPem), { key: withKey, turn: () => turn });
}

beforeAll(async () => {
  workdir = await mkdtemp(path.join(tmpdir(), 'shipshape-grants-'));
  emulator = await startEmulator({ tenantFile: DEMO_TENANT_FILE, host: '127.0.0.1', port: 0, caDir: path.join(workdir, 'ca'), app: { ...TEST_APP }, log: () => undefined });
  store = new SqliteStore(':memory:');
}, 60_000);
afterAll(async () => {
  await store?.close();
  await emulator?.close();
  await rm(workdir, { recursive: true, force: true });
});

describe('renewable grants', () => {
  const priya = personas.priya;
  const diego = personas.diego;

  test('given only in the owner\'s own turn; redeemed later, outside any turn, as the owner', async () => {
    const g = grants();
    turn = undefined;
    await expect(g.capture(identity(priya), 'digest')).rejects.toMatchObject({ reason: 'sign-in-required' });
    turn = { oid: diego.aadObjectId };
    await expect(g.capture(identity(priya), 'digest')).rejects.toMatchObject({ reason: 'not-your-credential' });
    turn = { oid: priya.aadObjectId };
    await g.capture(identity(priya), 'digest');
    turn = undefined;

    // Another instance: nothing in memory, only the store.
    const token = await grants().credential(identity(priya), 'digest').getToken(ARM);
    expect(decodeJwt(token?.token ?? '')).toMatchObject({ oid: priya.aadObjectId, idtyp: 'user' });
    await expect(grants().credential(identity(diego), 'digest').getToken(ARM), 'Diego left none').rejects.toMatchObject({ reason: 'sign-in-required' });
    await expect(grants().credential(identity(priya), 'approval').getToken(ARM), 'only for the purpose it was given for').rejects.toMatchObject({ reason: 'sign-in-required' });
  });

  test('a grant moved to another person\'s record, or read with another key, does not open and is dropped', async () => {
    const stored = await store.get<Record<string, unknown>>(NAMESPACES.delegatedGrants, `digest:${priya.aadObjectId}`);
    await store.put(NAMESPACES.delegatedGrants, `digest:${diego.aadObjectId}`, { ...stored?.value, owner: { oid: diego.aadObjectId, tid: emulator.tenantId.toLowerCase() } });
    await expect(grants().credential(identity(diego), 'digest').getToken(ARM)).rejects.toMatchObject({ reason: 'sign-in-required' });
    expect(await store.get(NAMESPACES.delegatedGrants, `digest:${diego.aadObjectId}`)).toBeUndefined();

    await expect(grants(randomBytes(32)).credential(identity(priya), 'digest').getToken(ARM)).rejects.toMatchObject({ reason: 'sign-in-required' });
    expect(await store.get(NAMESPACES.delegatedGrants, `digest:${priya.aadObjectId}`)).toBeUndefined();
  });

  test('a grant Entra refuses is forgotten, and sign-out ends every grant', async () => {
    turn = { oid: priya.aadObjectId };
    const g = grants();
    await g.capture(identity(priya), 'digest');
    await g.capture(identity(priya), 'approval');
    turn = undefined;
    // A refresh token Entra no longer accepts (revoked, expired): sealed properly, refused at redemption.
    const forged = grants() as unknown as { seal(secret: string, purpose: string, oid: string, tid: string): string };
    const stored = await store.get<{ owner: { tid: string } }>(NAMESPACES.delegatedGrants, `digest:${priya.aadObjectId}`);
    await store.put(NAMESPACES.delegatedGrants, `digest:${priya.aadObjectId}`, { ...stored?.value, sealed: forged.seal('revoked', 'digest', priya.aadObjectId, stored?.value.owner.tid ?? '') });
    await expect(grants().credential(identity(priya), 'digest').getToken(ARM)).rejects.toMatchObject({ reason: 'sign-in-required' });
    expect(await store.get(NAMESPACES.delegatedGrants, `digest:${priya.aadObjectId}`)).toBeUndefined();

    expect(await g.has(identity(priya), 'approval')).toBe(true);
    await g.revoke(identity(priya));
    expect(await g.has(identity(priya), 'approval')).toBe(false);
  });
});

describe('work that outlives the click', () => {
  test('holding the approver\'s credential also leaves a grant, used outside any turn for the approver only', async () => {
    const azure = azureOf(emulator);
    const assertions = new EmulatorSsoAssertions(azure.authorityHost, azure.clientId, emulator.caCertPem);
    // As production: outside a turn the on-behalf-of path refuses; only the grant may act.
    const approver = new DelegatedWorkCredentials(new OnBehalfOfCredentialFactory(azure, assertions, { turn: () => turn, outsideTurn: 'refuse' }), grants(), 'approval', () => turn);
    const mei = personas.mei;
    turn = { oid: mei.aadObjectId };
    const held = await approver.holdForLater(identity(mei));
    expect(held.owner.oid).toBe(mei.aadObjectId);
    turn = undefined;

    // Recovery on another instance after a crash: the grant, as Mei, and nobody else.
    const recovered = new DelegatedWorkCredentials(new OnBehalfOfCredentialFactory(azure, assertions, { turn: () => turn, outsideTurn: 'refuse' }), grants(), 'approval', () => turn);
    const token = await (await recovered.forUser(identity(mei))).getToken(ARM);
    expect(decodeJwt(token?.token ?? '').oid).toBe(mei.aadObjectId);
    await expect(recovered.forUser(identity(personas.sam)), 'no grant from Sam: refused outside a turn').rejects.toMatchObject({ reason: 'sign-in-required' });
  });
});
