import { execFile } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

/** `npm start` as a person meets it when something is wrong: one plain sentence, no stack trace. */

const root = fileURLToPath(new URL('../../..', import.meta.url));
let dir: string;
let holder: Server;
let taken: number;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'shipshape-start-'));
  holder = createServer().listen(0, '127.0.0.1');
  await once(holder, 'listening');
  taken = (holder.address() as AddressInfo).port;
});
afterAll(async () => {
  holder?.close();
  await rm(dir, { recursive: true, force: true });
});

function start(env: Record<string, string>, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'src/local/start.ts', ...args],
      { cwd: root, env: { ...process.env, DATA_DIR: dir, PLAYGROUND: 'off', PORT: '0', EMULATOR_PORT: '0', ...env }, timeout: 60_000 },
      (error, stdout, stderr) => resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe('npm start', () => {
  test('a taken bot port is one sentence naming the port and the setting, exit code 2', async () => {
    const { code, stderr } = await start({ PORT: String(taken) });
    expect(stderr.trim()).toBe(`Port ${taken} is in use — stop the other process or set PORT=… (another free port; 0 picks one).`);
    expect(code).toBe(2);
  }, 60_000);

  test('a taken emulator port names EMULATOR_PORT', async () => {
    const { code, stderr } = await start({ EMULATOR_PORT: String(taken) });
    expect(stderr.trim()).toBe(`Port ${taken} is in use — stop the other process or set EMULATOR_PORT=… (another free port; 0 picks one).`);
    expect(code).toBe(2);
  }, 60_000);

  test('--help says what --fresh does; an unknown option is a usage error', async () => {
    expect((await start({}, '--help')).stdout).toContain('--fresh   start over from the tenant file');
    const wrong = await start({}, '--frsh');
    expect(wrong.code).toBe(64);
    expect(wrong.stderr).toContain("Unknown option '--frsh'");
  }, 60_000);
});
