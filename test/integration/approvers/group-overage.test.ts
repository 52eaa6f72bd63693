import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { TokenGroupDirectory } from '../../../src/azure/changes/approver-groups.js';
import { OnBehalfOfCredentialFactory } from '../../../src/azure/credentials.js';
import { EmulatorSsoAssertions } from '../../../src/azure/user-assertion.js';
import { startEmulator, type RunningEmulator } from '../../../src/emulator/index.js';
import { personas, type Persona } from '../../harness/personas.js';
import { TEST_APP } from '../../harness/stack.js';
import { azureOf } from '../approvals/support/azure.js';
import { demoTenant } from '../digest/support/tenant-edit.js';

/**
 * Approver groups for people in more groups than a token carries (Entra's group overage): the token
 * says so instead of listing them, and membership is asked of Microsoft Graph under the approver's
 * own token. When Graph cannot answer, the check says so; it never quietly finds "no group".
 */

let workdir: string;
let emulator: RunningEmulator;
const APPROVERS = randomUUID();
const OTHER = randomUUID();
/** Priya is in 250 groups, the approver group among them; Diego's few groups fit in his token. */
const MANY = [...Array.from({ length: 249 }, () => randomUUID()), APPROVERS];

beforeAll(async () => {
  workdir = await mkdtemp(path.join(tmpdir(), 'shipshape-overage-'));
  const tenant = demoTenant();
  for (const p of tenant.principals) {
    if (p.id === personas.priya.aadObjectId) p.groups = MANY;
    if (p.id === personas.diego.aadObjectId) p.groups = [OTHER];
  }
  emulator = await startEmulator({ tenant, host: '127.0.0.1', port: 0, caDir: path.join(workdir, 'ca'), app: { ...TEST_APP }, log: () => undefined });
}, 60_000);
afterAll(async () => {
  await emulator?.close();
  await rm(workdir, { recursive: true, force: true });
});

const person = (p: Persona) => ({ objectId: p.aadObjectId, channelUserId: p.id, name: p.name });

function directory(groups: readonly string[], azure = azureOf(emulator)): TokenGroupDirectory {
  const credentials = new OnBehalfOfCredentialFactory(azure, new EmulatorSsoAssertions(azure.authorityHost, azure.clientId, emulator.caCertPem));
  return new TokenGroupDirectory(credentials, { azure, groups });
}

describe('group overage', () => {
  test('the token carries the overage indicator, not the groups', async () => {
    const azure = azureOf(emulator);
    const credential = await new OnBehalfOfCredentialFactory(azure, new EmulatorSsoAssertions(azure.authorityHost, azure.clientId, emulator.caCertPem)).forUser({ channelUserId: personas.priya.id, aadObjectId: personas.priya.aadObjectId });
    const claims = decodeJwt((await credential.getToken('https://management.azure.com/.default'))?.token ?? '');
    expect(claims.groups).toBeUndefined();
    expect(claims._claim_names).toEqual({ groups: 'src1' });
  });

  test('membership is read from Graph under the approver\'s own token, in batches Graph accepts', async () => {
    const configured = [...Array.from({ length: 30 }, () => randomUUID()), APPROVERS];
    expect(await directory(configured).groupsOf(person(personas.priya))).toEqual([APPROVERS]);
    expect(await directory([OTHER]).groupsOf(person(personas.priya))).toEqual([]);
    // No overage: the token's own claim, as before.
    expect(await directory([APPROVERS]).groupsOf(person(personas.diego))).toEqual([OTHER]);
  });

  test('when Graph cannot answer, the check says it could not be made', async () => {
    // Graph out of reach (down, blocked): the check is not made, and says so.
    const broken = { ...azureOf(emulator), armEndpoint: 'https://127.0.0.1:1' };
    const priya = person(personas.priya);
    await expect(directory([APPROVERS], broken).groupsOf(priya)).rejects.toMatchObject({ reason: 'group-check-failed', message: expect.stringMatching(/could not check whether Priya Raman is in an approver group/) });
  });
});
