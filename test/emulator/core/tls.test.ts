import { execFile } from 'node:child_process';
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import https from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ensureDevCa } from '../../../src/emulator/tls/dev-ca.js';
import { startTestEmulator } from './support/client.js';

const run = promisify(execFile);
const child = fileURLToPath(new URL('./support/ensure-ca-child.ts', import.meta.url));
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'emu-core-tls-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('dev CA', () => {
  test('two processes creating it at once end up with one consistent CA', async () => {
    const caDir = path.join(dir, 'race');
    const outputs = await Promise.all(
      [1, 2, 3].map(() => run(process.execPath, ['--import', 'tsx', child, caDir], { cwd: process.cwd() }).then((r) => r.stdout.trim())),
    );
    expect(new Set(outputs).size).toBe(1);
    const files = (await readdir(caDir)).sort();
    expect(files).toEqual(['ca-key.pem', 'ca.pem', 'server-key.pem', 'server.pem', 'signing-key.pem']);
    const ca = new X509Certificate(await readFile(path.join(caDir, 'ca.pem')));
    const server = new X509Certificate(await readFile(path.join(caDir, 'server.pem')));
    expect(ca.fingerprint256).toBe(outputs[0]);
    expect(ca.ca).toBe(true);
    expect(server.verify(ca.publicKey)).toBe(true);
    expect(server.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(server.checkIP('::1')).toBeDefined();
    expect(server.checkHost('localhost')).toBe('localhost');
    expect(createPrivateKey(await readFile(path.join(caDir, 'signing-key.pem'))).asymmetricKeyType).toBe('rsa');
  }, 60_000);

  test('an existing CA is reused; a broken server certificate is renewed under the same CA', async () => {
    const caDir = path.join(dir, 'reuse');
    const first = await ensureDevCa(caDir);
    expect((await ensureDevCa(caDir)).caCertPem).toBe(first.caCertPem);
    await writeFile(path.join(caDir, 'server.pem'), 'garbage');
    const repaired = await ensureDevCa(caDir);
    expect(repaired.caCertPem).toBe(first.caCertPem);
    expect(repaired.signingKeyPem).toBe(first.signingKeyPem);
    expect(new X509Certificate(repaired.serverCertPem).verify(new X509Certificate(first.caCertPem).publicKey)).toBe(true);
  });

  test('the server is trusted with the CA and refused without it', async () => {
    const t = await startTestEmulator({ caDir: path.join(dir, 'serve') });
    try {
      const get = (ca?: string): Promise<number> =>
        new Promise((resolve, reject) => {
          https.get(`${t.emulator.baseUrl}/_emulator/health`, ca === undefined ? {} : { ca }, (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          }).on('error', reject);
        });
      expect(await get(t.emulator.caCertPem)).toBe(200);
      await expect(get()).rejects.toThrow(/self[- ]signed|unable to verify|certificate/i);
      expect(t.emulator.caCertPem).toBe(await readFile(path.join(dir, 'serve', 'ca.pem'), 'utf8'));
    } finally {
      await t.close();
    }
  });
});
