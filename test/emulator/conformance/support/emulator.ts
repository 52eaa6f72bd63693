import { mkdtemp, rm } from 'node:fs/promises';
import { Agent, request } from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TokenCredential } from '@azure/core-auth';
import {
  bearerTokenAuthenticationPolicy,
  createDefaultHttpClient,
  createHttpHeaders,
  createPipelineFromOptions,
  createPipelineRequest,
  type PipelinePolicy,
} from '@azure/core-rest-pipeline';
import { ClientSecretCredential, OnBehalfOfCredential } from '@azure/identity';
import { startEmulator, type FaultOptions, type RunningEmulator } from '../../../../src/emulator/index.js';

/**
 * A running emulator for one test file: HTTPS with its own dev CA in a temp dir, the SDK options that
 * trust that CA (certificate checks stay on), and credentials for tenant principals obtained the way
 * the bot obtains them (Teams-SSO stand-in + on-behalf-of, or client credentials).
 */

/** The Entra app the emulator registers (test-only values, not secrets). */
export const APP = { clientId: '5e1c0d2a-3b4c-4d5e-8f60-718293a4b5c6', clientSecret: 'conformance-test-app-secret' } as const;
const ARM_SCOPE = 'https://management.azure.com/.default';

export interface TestEmulator {
  emulator: RunningEmulator;
  baseUrl: string;
  /** Options for any @azure/arm-* client pointed at the emulator. */
  clientOptions: ReturnType<typeof clientOptionsFor>;
  /** A delegated ARM credential for a user of the tenant (by object id). */
  user(objectId: string): Promise<TokenCredential>;
  /** An app-only credential for a service principal of the tenant. */
  app(appId: string, secret: string): TokenCredential;
  /** A raw ARM call, for operations no installed SDK covers. */
  arm(credential: TokenCredential, method: string, pathAndQuery: string, body?: unknown): Promise<{ status: number; body: unknown }>;
  close(): Promise<void>;
}

function trustCa(ca: string): PipelinePolicy {
  const agent = new Agent({ ca });
  return {
    name: 'emulatorCa',
    sendRequest(req, next) {
      req.agent ??= agent;
      return next(req);
    },
  };
}

function clientOptionsFor(baseUrl: string, ca: string) {
  return {
    endpoint: baseUrl,
    credentialScopes: [ARM_SCOPE],
    credentials: { scopes: [ARM_SCOPE] },
    retryOptions: { maxRetries: 0 },
    additionalPolicies: [{ policy: trustCa(ca), position: 'perCall' as const }],
  };
}

function postJson(url: string, body: unknown, ca: string): Promise<{ status: number; json: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const payload = JSON.stringify(body);
    const req = request(url, { method: 'POST', ca, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        try {
          resolve({ status: res.statusCode ?? 0, json: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown> });
        } catch (error) {
          reject(error instanceof Error ? error : new Error(String(error)));
        }
      });
    });
    req.on('error', reject);
    req.end(payload);
  });
}

export async function startTestEmulator(
  tenant: unknown,
  options: { pageSize?: number; faults?: FaultOptions; state?: { dir: string; fresh?: boolean } } = {},
): Promise<TestEmulator> {
  const dir = await mkdtemp(path.join(tmpdir(), 'shipshape-arm-'));
  const emulator = await startEmulator({
    tenant,
    host: '127.0.0.1',
    port: 0,
    caDir: path.join(dir, 'ca'),
    app: { ...APP },
    ...(options.pageSize === undefined ? {} : { pageSize: options.pageSize }),
    ...(options.state ? { state: options.state } : {}),
    ...(options.faults === undefined ? {} : { faults: options.faults }),
    log: () => undefined,
  });
  const ca = emulator.caCertPem;
  const baseUrl = emulator.baseUrl;
  const identityOptions = {
    authorityHost: baseUrl,
    disableInstanceDiscovery: true,
    additionalPolicies: [{ policy: trustCa(ca), position: 'perCall' as const }],
  };

  const user = async (objectId: string): Promise<TokenCredential> => {
    const sso = await postJson(`${baseUrl}/_emulator/sso-token`, { principalId: objectId, audience: APP.clientId }, ca);
    if (sso.status !== 200 || typeof sso.json.token !== 'string') throw new Error(`no SSO token for ${objectId}: ${JSON.stringify(sso.json)}`);
    return new OnBehalfOfCredential({
      tenantId: emulator.tenantId,
      clientId: APP.clientId,
      clientSecret: APP.clientSecret,
      userAssertionToken: sso.json.token,
      ...identityOptions,
    });
  };

  const app = (appId: string, secret: string): TokenCredential => new ClientSecretCredential(emulator.tenantId, appId, secret, identityOptions);

  const arm = async (credential: TokenCredential, method: string, pathAndQuery: string, body?: unknown) => {
    const pipeline = createPipelineFromOptions({ retryOptions: { maxRetries: 0 } });
    pipeline.addPolicy(trustCa(ca), { phase: 'Serialize' });
    pipeline.addPolicy(bearerTokenAuthenticationPolicy({ credential, scopes: ARM_SCOPE }));
    const req = createPipelineRequest({
      url: `${baseUrl}${pathAndQuery}`,
      method: method as 'GET',
      headers: createHttpHeaders({ 'content-type': 'application/json', accept: 'application/json' }),
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const res = await pipeline.sendRequest(createDefaultHttpClient(), req);
    return { status: res.status, body: res.bodyAsText ? (JSON.parse(res.bodyAsText) as unknown) : undefined };
  };

  return {
    emulator,
    baseUrl,
    clientOptions: clientOptionsFor(baseUrl, ca),
    user,
    app,
    arm,
    close: async () => {
      await emulator.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
