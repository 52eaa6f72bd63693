import type { ArmResource, Principal } from '../http/types.js';
import { CaseInsensitiveMap } from './case-insensitive-map.js';
import { IndexedResourceStore } from './resource-store.js';
import { parseResourceId } from './resource-id.js';

/** A principal as the tenant file declares it, with what only the identity endpoints may see. */
export interface TenantPrincipal {
  principal: Principal;
  /** Service principals: the local demo secret for the client-credentials grant. */
  clientSecret?: string;
  /** `accountEnabled: false` in the file: no tokens are issued for it. */
  enabled: boolean;
}

export interface LoadedTenant {
  tenantId: string;
  /** By object id (case-insensitive). */
  principals: CaseInsensitiveMap<TenantPrincipal>;
  store: IndexedResourceStore;
  /** sha256 of the tenant file's bytes, when read from a file: which file saved state belongs to. */
  fingerprint?: string;
}

/** A tenant file that breaks the format; each problem starts with the JSON path it is about. */
export class TenantFileError extends Error {
  constructor(
    readonly problems: readonly string[],
    source: string,
  ) {
    super(`Invalid tenant file ${source}:\n  ${problems.join('\n  ')}`);
    this.name = 'TenantFileError';
  }
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_PROBLEMS = 25;

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Validates a tenant element by element, so a streaming reader can feed it a file far larger than
 * one JSON string may be, and indexes resources as they arrive (the parsed objects are kept as is).
 */
export class TenantBuilder {
  private readonly problems: string[] = [];
  private problemCount = 0;
  private tenantId: string | undefined;
  private readonly principals = new CaseInsensitiveMap<TenantPrincipal>();
  private readonly principalIndex = new CaseInsensitiveMap<number>();
  private readonly store = new IndexedResourceStore();

  problem(path: string, message: string): void {
    this.problemCount++;
    if (this.problems.length < MAX_PROBLEMS) this.problems.push(`${path}: ${message}`);
  }

  setTenantId(value: unknown): void {
    if (typeof value !== 'string' || !GUID.test(value)) this.problem('tenantId', 'expected a GUID');
    else this.tenantId = value;
  }

  addPrincipal(value: unknown, index: number): void {
    const path = `principals[${index}]`;
    if (!isObject(value)) return this.problem(path, 'expected an object');
    const { id, displayName, type, userPrincipalName, appId, clientSecret, groups, accountEnabled } = value;
    const before = this.problemCount;
    if (typeof id !== 'string' || !GUID.test(id)) this.problem(`${path}.id`, 'expected a GUID (the Entra object id)');
    if (typeof displayName !== 'string' || displayName === '') this.problem(`${path}.displayName`, 'expected a non-empty string');
    if (type !== 'User' && type !== 'ServicePrincipal') this.problem(`${path}.type`, "expected 'User' or 'ServicePrincipal'");
    if (userPrincipalName !== undefined && typeof userPrincipalName !== 'string') this.problem(`${path}.userPrincipalName`, 'expected a string');
    if (appId !== undefined && (typeof appId !== 'string' || !GUID.test(appId))) this.problem(`${path}.appId`, 'expected a GUID');
    if (clientSecret !== undefined && typeof clientSecret !== 'string') this.problem(`${path}.clientSecret`, 'expected a string');
    if (clientSecret !== undefined && appId === undefined) this.problem(`${path}.appId`, 'required when clientSecret is set');
    if (accountEnabled !== undefined && typeof accountEnabled !== 'boolean') this.problem(`${path}.accountEnabled`, 'expected a boolean');
    if (groups !== undefined) {
      if (!Array.isArray(groups)) this.problem(`${path}.groups`, 'expected an array of group object ids');
      else groups.forEach((g, k) => {
        if (typeof g !== 'string' || !GUID.test(g)) this.problem(`${path}.groups[${k}]`, 'expected a GUID');
      });
    }
    if (this.problemCount > before || typeof id !== 'string') return;
    const first = this.principalIndex.get(id);
    if (first !== undefined) return this.problem(`${path}.id`, `duplicate of principals[${first}]`);
    this.principalIndex.set(id, index);
    const principal: Principal = { id, displayName: displayName as string, type: type as Principal['type'] };
    if (typeof userPrincipalName === 'string') principal.userPrincipalName = userPrincipalName;
    if (typeof appId === 'string') principal.appId = appId;
    if (Array.isArray(groups)) principal.groups = groups as string[];
    const entry: TenantPrincipal = { principal, enabled: accountEnabled !== false };
    if (typeof clientSecret === 'string') entry.clientSecret = clientSecret;
    this.principals.set(id, entry);
  }

  addResource(value: unknown, index: number): void {
    const path = `resources[${index}]`;
    if (!isObject(value)) return this.problem(path, 'expected an object (an ARM resource body)');
    const { id, type } = value;
    if (typeof id !== 'string') return this.problem(`${path}.id`, 'expected a string');
    const parsed = parseResourceId(id);
    if (!parsed) return this.problem(`${path}.id`, 'not an ARM resource id');
    if (type !== undefined && (typeof type !== 'string' || type.toLowerCase() !== parsed.type.toLowerCase())) {
      return this.problem(`${path}.type`, `does not match the id (expected '${parsed.type}')`);
    }
    const kind = parsed.type.toLowerCase();
    if (kind === 'microsoft.authorization/roleassignments') this.checkRoleAssignment(value, path);
    if (kind === 'microsoft.authorization/roledefinitions') this.checkRoleDefinition(value, path);
    // Ids compare case-insensitively; naming the earlier element would cost a map entry per resource.
    if (this.store.get(id)) return this.problem(`${path}.id`, 'duplicate id (an earlier resource has the same id)');
    this.store.put(value as ArmResource, parsed);
  }

  finish(source: string, fingerprint?: string): LoadedTenant {
    if (this.tenantId === undefined && this.problemCount === 0) this.problem('tenantId', 'required');
    if (this.problemCount > 0) {
      const more = this.problemCount - this.problems.length;
      throw new TenantFileError(more > 0 ? [...this.problems, `… and ${more} more`] : this.problems, source);
    }
    const tenant: LoadedTenant = { tenantId: this.tenantId as string, principals: this.principals, store: this.store };
    if (fingerprint !== undefined) tenant.fingerprint = fingerprint;
    return tenant;
  }

  private checkRoleAssignment(value: Json, path: string): void {
    const props = value.properties;
    if (!isObject(props)) return this.problem(`${path}.properties`, 'expected an object');
    if (typeof props.roleDefinitionId !== 'string' || !/\/roleDefinitions\/[^/]+$/i.test(props.roleDefinitionId)) {
      this.problem(`${path}.properties.roleDefinitionId`, 'expected a role definition id');
    }
    if (typeof props.principalId !== 'string' || !GUID.test(props.principalId)) {
      this.problem(`${path}.properties.principalId`, 'expected a GUID');
    }
  }

  private checkRoleDefinition(value: Json, path: string): void {
    const props = value.properties;
    if (!isObject(props)) return this.problem(`${path}.properties`, 'expected an object');
    const permissions = props.permissions;
    if (!Array.isArray(permissions)) return this.problem(`${path}.properties.permissions`, 'expected an array');
    permissions.forEach((block: unknown, k) => {
      const at = `${path}.properties.permissions[${k}]`;
      if (!isObject(block)) return this.problem(at, 'expected an object');
      for (const field of ['actions', 'notActions', 'dataActions', 'notDataActions']) {
        const list = block[field];
        if (list === undefined && field !== 'actions') continue;
        if (!Array.isArray(list) || list.some((a) => typeof a !== 'string')) this.problem(`${at}.${field}`, 'expected an array of strings');
      }
    });
  }
}

/** Validates and indexes an already parsed tenant (tests, small inline tenants). */
export function loadTenantObject(raw: unknown, source = '(inline tenant)'): LoadedTenant {
  const builder = new TenantBuilder();
  if (!isObject(raw)) {
    builder.problem('$', 'expected a JSON object');
    return builder.finish(source);
  }
  builder.setTenantId(raw.tenantId);
  for (const [key, add] of [['principals', builder.addPrincipal], ['resources', builder.addResource]] as const) {
    const list = raw[key];
    if (list === undefined) continue;
    if (!Array.isArray(list)) builder.problem(key, 'expected an array');
    else list.forEach((item, i) => add.call(builder, item, i));
  }
  return builder.finish(source);
}
