import { createHash, randomUUID } from 'node:crypto';
import https from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { RbacAuthorizer } from './authz/rbac.js';
import { errorBody } from './http/arm-errors.js';
import { ArmFrontDoor } from './http/arm-front-door.js';
import { FaultController } from './http/faults.js';
import type { EmulatorOptions, FaultOptions, RunningEmulator } from './http/options.js';
import { pageOf } from './http/paging.js';
import { parseTarget, readBody } from './http/request-parse.js';
import { Router } from './http/router.js';
import { ArmError } from './http/types.js';
import type { EmulatorContext, Route } from './http/types.js';
import { ArmTokenValidator } from './identity/arm-token-validator.js';
import { Directory } from './identity/directory.js';
import { IdentityRoutes, isIdentityPath } from './identity/identity-routes.js';
import { readOnlyIdentities } from './identity/read-only-identities.js';
import { loadSigningKey } from './identity/signing-key.js';
import { TokenEndpoint } from './identity/token-endpoint.js';
import { TokenFactory } from './identity/token-factory.js';
import { loadTenantFile, loadTenantObject } from './tenant/load-tenant.js';
import type { LoadedTenant } from './tenant/load-tenant.js';
import { openStateJournal, type StateJournal } from './tenant/state-journal.js';
import { ensureDevCa } from './tls/dev-ca.js';

export type { EmulatorOptions, FaultOptions, RunningEmulator };

const DEFAULT_PAGE_SIZE = 100;
const MAX_IDENTITY_BODY = 256 * 1024;

export async function loadTenant(options: Pick<EmulatorOptions, 'tenant' | 'tenantFile' | 'state'>): Promise<LoadedTenant> {
  if (options.tenant !== undefined) return loadTenantObject(options.tenant);
  if (options.tenantFile === undefined) throw new Error('startEmulator needs either `tenant` or `tenantFile`');
  return loadTenantFile(options.tenantFile, { fingerprint: options.state !== undefined });
}

/** Replays and then records the tenant's saved changes when the options ask for it. */
function openState(options: EmulatorOptions, tenant: LoadedTenant): StateJournal | undefined {
  if (!options.state) return undefined;
  const fingerprint = tenant.fingerprint ?? createHash('sha256').update(JSON.stringify(options.tenant)).digest('hex');
  return openStateJournal(tenant.store, { dir: options.state.dir, tenantId: tenant.tenantId, fingerprint, fresh: options.state.fresh === true });
}

/**
 * Starts the emulator with the given ARM routes: one HTTPS origin serving ARM and the Entra
 * endpoints for the tenant. `startEmulator` (index.ts) passes the ARM route modules; tests may
 * pass their own routes.
 */
export async function startEmulatorWithRoutes(options: EmulatorOptions, routes: readonly Route[]): Promise<RunningEmulator> {
  const log = options.log ?? (() => undefined);
  const tenant = await loadTenant(options);
  const ca = await ensureDevCa(options.caDir);
  const key = await loadSigningKey(ca.signingKeyPem);
  const { tenantId, store } = tenant;
  const directory = new Directory(tenant, options.app);
  const faults = new FaultController(options.faults, tenantId);
  const pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;
  if (!(Number.isInteger(pageSize) && pageSize > 0)) throw new RangeError(`pageSize must be a positive integer, got ${pageSize}`);
  const context: EmulatorContext = {
    tenantId,
    store,
    authz: new RbacAuthorizer(store, tenantId),
    principals: directory.publicPrincipals(),
    page: (req, items) => pageOf(req, items, pageSize),
    now: () => new Date(),
    knobs: () => faults.current(),
    newId: () => faults.newId(),
  };
  const factory = new TokenFactory(key, tenantId);
  const identity = new IdentityRoutes(tenantId, key, directory, factory, new TokenEndpoint(directory, factory, key, tenantId), () => readOnlyIdentities(directory, store));

  // The front door needs the listening port (for its challenges), so it is set once listening.
  const state: { frontDoor?: ArmFrontDoor } = {};
  let origins: { base: string; own: string[] } = { base: '', own: [] };
  const server = https.createServer({ cert: ca.serverCertPem, key: ca.serverKeyPem }, (req, res) => {
    const started = Date.now();
    void serve(req, res).finally(() => log(`${req.method ?? '?'} ${(req.url ?? '').split('?')[0]} ${res.statusCode} ${Date.now() - started}ms`));
  });

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const origin = originOf(req, origins);
    try {
      const target = parseTarget(req.url ?? '/');
      if (isIdentityPath(target.segments)) {
        const answer = await identity.handle({
          method: (req.method ?? 'GET').toUpperCase(),
          segments: target.segments,
          origin,
          ownOrigins: origins.own,
          headers: req.headers,
          readBody: () => readBody(req, MAX_IDENTITY_BODY),
        });
        return send(res, answer.status, answer.body, { 'x-ms-request-id': randomUUID() });
      }
      const answer = await (state.frontDoor as ArmFrontDoor).handle(req, target, origin);
      send(res, answer.status, answer.body, answer.headers);
    } catch (error) {
      // Only failures outside both dispatchers land here (e.g. a malformed request target).
      const failure = error instanceof ArmError ? error : new ArmError(500, 'InternalServerError', 'Encountered internal server error.');
      if (!(error instanceof ArmError)) log(`unhandled ${error instanceof Error ? error.name : typeof error} serving ${req.method ?? '?'}`);
      send(res, failure.status, errorBody(failure), failure.headers ?? {});
    }
  }

  server.on('clientError', (_err, socket) => socket.destroy());
  const journal = openState(options, tenant);
  if (journal) log(`saved state ${journal.file}: ${journal.restored} changed resources restored`);
  await new Promise<void>((resolve, reject) => {
    const failed = (error: Error): void => {
      journal?.close();
      reject(error);
    };
    server.once('error', failed);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', failed);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  origins = { base: `https://${urlHost(options.host ?? '127.0.0.1')}:${port}`, own: ['127.0.0.1', 'localhost', '[::1]'].map((h) => `https://${h}:${port}`) };
  if (!origins.own.includes(origins.base)) origins.own.push(origins.base);
  const validator = new ArmTokenValidator(key, tenantId, directory, origins.base);
  state.frontDoor = new ArmFrontDoor(new Router(routes), validator, faults, context, log);
  log(`emulator listening on ${origins.base} (tenant ${tenantId}, ${store.size} resources)`);

  return {
    baseUrl: origins.base,
    tenantId,
    caCertPem: ca.caCertPem,
    setFaults: (f: FaultOptions) => faults.set(f),
    ...(journal ? { state: { file: journal.file, restored: journal.restored } } : {}),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => {
          journal?.close();
          return err ? reject(err) : resolve();
        });
        server.closeAllConnections();
      }),
  };
}

/** The origin a client used, when it is one of ours (keeps issuer and nextLinks on the client's host name). */
function originOf(req: IncomingMessage, origins: { base: string; own: string[] }): string {
  const host = req.headers.host;
  if (host) {
    const candidate = `https://${host.toLowerCase()}`;
    if (origins.own.includes(candidate)) return candidate;
  }
  return origins.base;
}

function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '::' || host === '') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string>): void {
  const payload = body === undefined || status === 204 ? '' : JSON.stringify(body);
  const all: Record<string, string | number> = { ...headers, 'Cache-Control': 'no-cache', 'Content-Length': Buffer.byteLength(payload) };
  if (payload !== '') all['Content-Type'] = 'application/json; charset=utf-8';
  res.writeHead(status, all);
  res.end(payload);
}
