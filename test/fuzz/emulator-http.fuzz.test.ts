import { mkdtemp, readFile, rm } from 'node:fs/promises';
import https from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import type { Principal } from '../../src/emulator/http/types.js';
import { loadSigningKey } from '../../src/emulator/identity/signing-key.js';
import { TokenFactory } from '../../src/emulator/identity/token-factory.js';
import { DEMO_TENANT_FILE, personas, readTenant } from '../harness/personas.js';
import { TEST_APP } from '../harness/stack.js';
import { METHODS, requestTarget } from './support/arm-paths.js';
import { snapshotter, WriteWatch, type Snapshotter } from './support/azure-state.js';
import { runs, SEED } from './support/budget.js';

/**
 * Raw HTTPS requests to the running emulator, as any client could send them, signed by people who
 * may read but not write (or by nobody). Every answer is ARM-shaped JSON with a status below 500,
 * and no request changes the tenant.
 */
let work: string;
let emulator: RunningEmulator;
let ca: string;
let state: Snapshotter;
let before: string;
const watch = new WriteWatch();
const tokens: Record<string, string> = {};

const principals = readTenant(DEMO_TENANT_FILE).principals as unknown as Principal[];
const principal = (id: string): Principal => principals.find((p) => p.id === id) as Principal;

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'shipshape-fuzz-emu-'));
  const caDir = path.join(work, 'ca');
  emulator = await startEmulator({ tenantFile: DEMO_TENANT_FILE, host: '127.0.0.1', port: 0, caDir, app: { ...TEST_APP }, log: watch.log });
  ca = await readFile(path.join(caDir, 'ca.pem'), 'utf8');
  const factory = new TokenFactory(await loadSigningKey(await readFile(path.join(caDir, 'signing-key.pem'), 'utf8')), emulator.tenantId);
  // Readers only: an auditor, a developer with Reader on one subscription, someone with no role.
  for (const p of [personas.mei, personas.diego, personas.sam]) tokens[p.key] = (await factory.armToken(emulator.baseUrl, principal(p.aadObjectId), TEST_APP.clientId, true)).token;
  tokens.garbage = 'eyJhbGciOiJub25lIn0.eyJvaWQiOiJ4In0.';
  state = await snapshotter(emulator.baseUrl, caDir, emulator.tenantId, principal(personas.priya.aadObjectId), TEST_APP.clientId);
  before = await state.snapshot();
}, 60_000);

afterAll(async () => {
  await emulator?.close();
  await rm(work, { recursive: true, force: true });
});

function send(method: string, target: string, headers: Record<string, string>, body: Buffer | undefined): Promise<{ status: number; text: string; type: string }> {
  return new Promise((resolve, reject) => {
    // A well-formed request: an explicit Content-Length (Node sends DELETE bodies without one, which no HTTP server can frame).
    const framed = body === undefined ? headers : { ...headers, 'content-length': String(body.length) };
    const req = https.request(`${emulator.baseUrl}${target}`, { method, headers: framed, ca, timeout: 15_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8'), type: String(res.headers['content-type'] ?? '') }));
    });
    req.on('timeout', () => req.destroy(new Error(`timed out: ${method} ${target}`)));
    req.on('error', reject);
    req.end(body);
  });
}

const request = fc.record({
  method: fc.oneof({ weight: 8, arbitrary: fc.constantFrom(...METHODS) }, { weight: 1, arbitrary: fc.constantFrom('HEAD', 'OPTIONS', 'TRACE', 'PROPFIND') }),
  target: requestTarget,
  who: fc.constantFrom('mei', 'diego', 'sam', 'garbage', 'none'),
  body: fc.option(fc.oneof(fc.jsonValue({ maxDepth: 4 }).map((v) => Buffer.from(JSON.stringify(v) ?? '')), fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b))), { nil: undefined }),
  contentType: fc.constantFrom('application/json', 'text/plain', 'application/x-www-form-urlencoded', ''),
});

describe('the emulator over HTTPS', () => {
  test(`${runs('emulatorRequests')} generated requests: ARM-shaped answers below 500, no write`, async () => {
    await fc.assert(
      fc.asyncProperty(request, async ({ method, target, who, body, contentType }) => {
        const headers: Record<string, string> = contentType ? { 'content-type': contentType } : {};
        if (who !== 'none') headers.authorization = `Bearer ${tokens[who] ?? ''}`;
        // Token requests to the identity endpoints are part of the surface too, but cannot write ARM state.
        const answer = await send(method, target, headers, method === 'GET' || method === 'HEAD' ? undefined : body);
        const what = `${method} ${target} as ${who}`;
        if (answer.status >= 500 || answer.status < 200) throw new Error(`${what} answered ${answer.status}: ${answer.text.slice(0, 300)}`);
        if (answer.text !== '') {
          if (!answer.type.includes('application/json')) throw new Error(`${what} answered ${answer.type}`);
          JSON.parse(answer.text);
        }
        const writes = watch.writes();
        if (writes.length > 0) throw new Error(`${what} wrote: ${writes.join(', ')}`);
      }),
      { numRuns: runs('emulatorRequests'), seed: SEED, endOnFailure: true },
    );
  }, 600_000);

  test('nothing failed inside the emulator, and the tenant is exactly as it was', async () => {
    expect(watch.requests()).toBeGreaterThanOrEqual(runs('emulatorRequests'));
    expect(watch.lines.filter((l) => /unhandled/i.test(l))).toEqual([]);
    expect(await state.snapshot()).toBe(before);
  }, 60_000);
});
