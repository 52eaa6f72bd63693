import type { FaultOptions } from './options.js';

/**
 * The emulator's internal contract: how ARM route modules (src/emulator/arm/*) meet the
 * core (HTTP server, identity, authorization, tenant state, paging, faults).
 *
 * Route modules never touch node:http, tokens or role assignments directly; they receive
 * an authenticated caller and a context, and answer with plain data. The core turns an
 * {@link ArmError} into ARM's error body and never leaks a stack trace.
 */

/** A user or service principal from the tenant file (or the registered bot app). */
export interface Principal {
  /** Entra object id. */
  id: string;
  displayName: string;
  userPrincipalName?: string;
  type: 'User' | 'ServicePrincipal';
  /** Service principals only. */
  appId?: string;
  /** Object ids of Entra groups the principal belongs to; role assignments to a group apply to its members. */
  groups?: string[];
}

/** Who is calling, taken from a validated bearer token. */
export interface Caller {
  principal: Principal;
  tenantId: string;
  /** `oid` claim. */
  objectId: string;
  /** `appid`/`azp` claim: the client application the token was issued to. */
  appId?: string;
  /** True for delegated (user) tokens, false for app-only tokens. */
  delegated: boolean;
}

/** An ARM resource body exactly as ARM GET returns it. `id` is always present. */
export interface ArmResource {
  id: string;
  name?: string;
  type?: string;
  [property: string]: unknown;
}

/** What a route handler receives. */
export interface ArmRequest {
  method: 'GET' | 'PUT' | 'PATCH' | 'POST' | 'DELETE';
  /** The path with duplicate slashes folded and no query, percent-decoded. */
  path: string;
  query: URLSearchParams;
  /** `api-version` query parameter (already checked as present). */
  apiVersion: string;
  /** Named segments captured by the route pattern (`{subscriptionId}` → `params.subscriptionId`); `{*scope}` captures the rest. */
  params: Record<string, string>;
  /** Parsed JSON body, or undefined. */
  body: unknown;
  headers: Record<string, string | string[] | undefined>;
  caller: Caller;
  /** `https://host:port` of this emulator, for building `nextLink`s. */
  baseUrl: string;
}

export interface ArmResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** A failure rendered as ARM's `{ "error": { code, message, target?, details? } }` body. */
export class ArmError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: ReadonlyArray<{ code: string; message: string; target?: string }>,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = 'ArmError';
  }
}

/** Resource state: the tenant file's resources plus everything written since, indexed for large tenants. */
export interface ResourceStore {
  /** Case-insensitive lookup by full ARM id. */
  get(id: string): ArmResource | undefined;
  /** Inserts or replaces by id; returns the stored body. */
  put(resource: ArmResource): ArmResource;
  /** Removes by id; returns the removed body. */
  delete(id: string): ArmResource | undefined;
  /**
   * Resources of one ARM type (case-insensitive, e.g. `Microsoft.Security/assessments/subAssessments`)
   * whose id starts with `scope` (an ARM id prefix on a segment boundary; '' or '/' for the whole tenant),
   * in a stable order (tenant-file order, then insertion order).
   */
  listByType(type: string, scope: string): Iterable<ArmResource>;
  /** Direct children of a parent id having the given child type segment (e.g. parent=assessment id, 'subAssessments'). */
  children(parentId: string, childType: string): Iterable<ArmResource>;
}

export interface Authorizer {
  /** Throws ArmError 403 AuthorizationFailed (ARM's message) unless the caller may perform `action` at `scope`. */
  demand(caller: Caller, action: string, scope: string): void;
  /** Whether the caller may perform `action` at `scope` (inherited from above, ARM wildcard matching). */
  allows(caller: Caller, action: string, scope: string): boolean;
  /** Effective permissions at a scope, as `Microsoft.Authorization/permissions` returns them. */
  permissions(caller: Caller, scope: string): Array<{ actions: string[]; notActions: string[]; dataActions: string[]; notDataActions: string[] }>;
  /** Built-in and custom role definitions (ARM bodies). */
  roleDefinition(id: string): ArmResource | undefined;
}

export interface EmulatorContext {
  tenantId: string;
  store: ResourceStore;
  authz: Authorizer;
  principals: ReadonlyMap<string, Principal>;
  /**
   * One page of `items` for this request, honouring `$skiptoken`/`$top` and the configured page size;
   * `nextLink` is an absolute URL on this emulator with the same path and query plus a skip token.
   */
  page<T>(req: ArmRequest, items: Iterable<T>): { value: T[]; nextLink?: string };
  now(): Date;
  /** The run's fault and behaviour settings (see FaultOptions), read when a request is handled. */
  knobs(): Readonly<FaultOptions>;
  /** A new GUID (deterministic under a seed in tests). */
  newId(): string;
}

export type Handler = (req: ArmRequest, ctx: EmulatorContext) => ArmResponse | Promise<ArmResponse>;

export interface Route {
  method: ArmRequest['method'];
  /**
   * Path pattern, matched case-insensitively segment by segment. `{name}` captures one segment;
   * `{*name}` captures one or more segments greedily but yields to the literal segments after it
   * (so `/{*scope}/providers/Microsoft.Security/subAssessments` works).
   */
  pattern: string;
  /** api-versions this route accepts; others get ARM's 400 `InvalidApiVersionParameter`/`NoRegisteredProviderFound`. */
  apiVersions: readonly string[];
  handler: Handler;
}

/** What each module under src/emulator/arm exports: its routes. */
export type RouteModule = readonly Route[];
