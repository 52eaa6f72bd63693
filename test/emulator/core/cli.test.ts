import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { request, startTestEmulator } from './support/client.js';
import type { TestEmulator } from './support/client.js';
import { DIGEST_APP, IDS, SUB_A, TENANT_ID, tinyTenant } from './support/tenant.js';

const run = promisify(execFile);
const cli = fileURLToPath(new URL('../../../src/emulator/cli.ts', import.meta.url));
let dir: string;
let tenantFile: string;
let t: TestEmulator;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'emu-core-cli-'));
  tenantFile = path.join(dir, 'tenant.json');
  await writeFile(tenantFile, JSON.stringify(tinyTenant()));
  t = await startTestEmulator({ caDir: path.join(dir, 'ca') });
});
afterAll(async () => {
  await t.close();
  await rm(dir, { recursive: true, force: true });
});

function token(...args: string[]): Promise<{ stdout: string; stderr: string }> {
  const port = new URL(t.emulator.baseUrl).port;
  // The CLI reads EMULATOR_PORT only as a default; pass everything explicitly.
  return run(process.execPath, ['--import', 'tsx', cli, 'token', ...args, '--ca-dir', path.join(dir, 'ca'), '--tenant', tenantFile, '--port', port]);
}

describe('npm run token', () => {
  test('prints a token the running emulator accepts, for users and service principals', async () => {
    const user = (await token(IDS.reader)).stdout.trim();
    expect(decodeJwt(user)).toMatchObject({ oid: IDS.reader, scp: 'user_impersonation', tid: TENANT_ID });
    const app = (await token(IDS.digest)).stdout.trim();
    expect(decodeJwt(app)).toMatchObject({ oid: IDS.digest, appid: DIGEST_APP.appId, idtyp: 'app' });
    for (const bearer of [user, app]) {
      const reply = await request(`${t.emulator.baseUrl}/subscriptions/${SUB_A}/providers/Test.Core/items?api-version=2024-01-01`, t.emulator.caCertPem, {
        headers: { authorization: `Bearer ${bearer}` },
      });
      expect(reply.status).toBe(200);
    }
  }, 30_000);

  test('an unknown principal is an error with exit code 2', async () => {
    const failure = await token('99999999-0000-4000-8000-000000000000').then(
      () => undefined,
      (error: { code: number; stderr: string }) => error,
    );
    expect(failure?.code).toBe(2);
    expect(failure?.stderr).toContain("No principal with object id '99999999-0000-4000-8000-000000000000'");
  }, 30_000);
});

describe('npm run emulator -- generate', () => {
  test('--help prints every option of the generator and exits 0', async () => {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', cli, 'generate', '--help']);
    for (const option of ['--out FILE', '--subscriptions N', '--registries N', '--images N', '--findings N', '--seed N']) expect(stdout).toContain(option);
  }, 30_000);

  test('without --out it says what is missing, with the same text, and exits 64', async () => {
    const failure = await run(process.execPath, ['--import', 'tsx', cli, 'generate']).then(
      () => undefined,
      (error: { code: number; stderr: string }) => error,
    );
    expect(failure?.code).toBe(64);
    expect(failure?.stderr).toContain('--out FILE           where to write the tenant (required)');
  }, 30_000);
});
