import https from 'node:https';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { IncomingHttpHeaders } from 'node:http';
import type { EmulatorOptions, RunningEmulator } from '../../../../src/emulator/http/options.js';
import type { Route } from '../../../../src/emulator/http/types.js';
import { loadSigningKey } from '../../../../src/emulator/identity/signing-key.js';
import { TokenFactory } from '../../../../src/emulator/identity/token-factory.js';
import { startEmulatorWithRoutes } from '../../../../src/emulator/server.js';
import { APP, TENANT_ID, tinyTenant } from './tenant.js';
import { testRoutes } from './routes.js';

export interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
  json: <T = Record<string, unknown>>() => T;
}

/** An HTTPS request that trusts exactly the emulator's CA (certificate checks stay on). */
export function request(
  url: string,
  ca: string,
  init: { method?: string; headers?: Record<string, string>; body?: string | Buffer } = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = https.request(url, { method: init.method ?? 'GET', headers: init.headers, ca }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: <T>() => JSON.parse(text) as T });
      });
    });
    req.on('error', reject);
    if (init.body !== undefined) req.write(init.body);
    req.end();
  });
}

export interface TestEmulator {
  emulator: RunningEmulator;
  caDir: string;
  /** A valid ARM token for a tenant principal, signed with the caDir key (as `npm run token` does). */
  tokenFor(principalId: string, opts?: { delegated?: boolean; appId?: string }): Promise<string>;
  /** GET/PUT… against the emulator with a principal's token. */
  arm(principalId: string, pathAndQuery: string, init?: { method?: string; body?: string; headers?: Record<string, string> }): Promise<Reply>;
  close(): Promise<void>;
}

export async function startTestEmulator(
  overrides: Partial<EmulatorOptions> = {},
  routes: readonly Route[] = testRoutes,
): Promise<TestEmulator> {
  const caDir = overrides.caDir ?? (await mkdtemp(path.join(tmpdir(), 'emu-core-ca-')));
  const emulator = await startEmulatorWithRoutes({ tenant: tinyTenant(), caDir, app: { ...APP }, port: 0, ...overrides }, routes);
  const factory = new TokenFactory(await loadSigningKey(await readFile(path.join(caDir, 'signing-key.pem'), 'utf8')), TENANT_ID);
  const tenant = tinyTenant() as { principals: Array<{ id: string; displayName: string; type: 'User' | 'ServicePrincipal'; appId?: string; groups?: string[] }> };
  const tokenFor = async (principalId: string, opts: { delegated?: boolean; appId?: string } = {}): Promise<string> => {
    const principal = tenant.principals.find((p) => p.id === principalId) ?? { id: principalId, displayName: 'unknown', type: 'User' as const };
    const delegated = opts.delegated ?? principal.type === 'User';
    return (await factory.armToken(emulator.baseUrl, principal, opts.appId ?? principal.appId ?? APP.clientId, delegated)).token;
  };
  return {
    emulator,
    caDir,
    tokenFor,
    arm: async (principalId, pathAndQuery, init = {}) =>
      request(`${emulator.baseUrl}${pathAndQuery}`, emulator.caCertPem, {
        ...init,
        headers: { authorization: `Bearer ${await tokenFor(principalId)}`, 'content-type': 'application/json', ...init.headers },
      }),
    close: async () => {
      await emulator.close();
      if (!overrides.caDir) await rm(caDir, { recursive: true, force: true });
    },
  };
}
