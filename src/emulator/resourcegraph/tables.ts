import { visibleTo } from '../arm/access.js';
import { armTypeOf, resourceGroupOf, subscriptionPath } from '../arm/ids.js';
import type { ArmResource, Caller, EmulatorContext } from '../http/types.js';
import { KqlError } from './kql-errors.js';
import type { Tabular } from './kql-pipeline.js';
import type { Row } from './kql-values.js';

/**
 * Resource Graph's tables over the emulator's tenant, in the row shape Resource Graph returns (the
 * ARM body's `properties` as is; `type` lower-cased; `resourceGroup`, `subscriptionId` and `tenantId`
 * columns). Rows come only from what the caller may read; nothing is copied but the row envelope.
 */

export const COLUMNS = ['id', 'name', 'type', 'tenantId', 'kind', 'location', 'resourceGroup', 'subscriptionId', 'managedBy', 'sku', 'plan', 'properties', 'tags', 'identity', 'zones', 'extendedLocation'];

/** ARM types each table holds (ARM stores no list of every type, so the tables name theirs). */
const TABLE_TYPES: Record<string, readonly string[]> = {
  resources: [
    'Microsoft.ContainerRegistry/registries',
    'Microsoft.ContainerService/managedClusters',
    'Microsoft.ContainerInstance/containerGroups',
    'Microsoft.App/containerApps',
    'Microsoft.Web/sites',
    'Microsoft.Compute/virtualMachines',
    'Microsoft.Storage/storageAccounts',
    'Microsoft.KeyVault/vaults',
    'Microsoft.Network/virtualNetworks',
    'Microsoft.Network/privateEndpoints',
    'Microsoft.OperationalInsights/workspaces',
  ],
  resourcecontainers: ['Microsoft.Resources/subscriptions', 'Microsoft.Resources/resourceGroups'],
  securityresources: ['Microsoft.Security/assessments', 'Microsoft.Security/assessments/subAssessments'],
  policyresources: ['Microsoft.Authorization/policyAssignments', 'Microsoft.Authorization/policyExemptions'],
};

export const TABLE_NAMES = Object.keys(TABLE_TYPES);

/** Which subscriptions a query covers: those named in the request, or every one in the tenant. */
export interface QueryScope {
  subscriptions?: ReadonlySet<string>;
}

export function tableSource(ctx: EmulatorContext, caller: Caller, scope: QueryScope): (name: string, keep?: ReadonlySet<string>) => Tabular {
  return (name, keep) => {
    const types = TABLE_TYPES[name.toLowerCase()];
    if (!types) throw KqlError.unknownTable(name);
    // Rows of other types would be made only to be filtered out by the query's leading `where`.
    const read = keep ? types.filter((t) => keep.has(rowType(t))) : types;
    return { columns: [...COLUMNS], rows: rowsOf(ctx, caller, scope, read) };
  };
}

/** The `type` column's value for rows of an ARM type. */
function rowType(armType: string): string {
  const lower = armType.toLowerCase();
  return lower === 'microsoft.resources/resourcegroups' ? 'microsoft.resources/subscriptions/resourcegroups' : lower;
}

function subscriptionIds(ctx: EmulatorContext, scope: QueryScope): string[] {
  const all = [...ctx.store.listByType('Microsoft.Resources/subscriptions', '')].map((s) => String(s.id.split('/')[2]));
  return scope.subscriptions ? all.filter((id) => scope.subscriptions?.has(id.toLowerCase())) : all;
}

function* rowsOf(ctx: EmulatorContext, caller: Caller, scope: QueryScope, types: readonly string[]): Iterable<Row> {
  for (const subscriptionId of subscriptionIds(ctx, scope)) {
    const subScope = subscriptionPath(subscriptionId);
    for (const type of types) {
      const action = `${type}/read`;
      const bodies = type === 'Microsoft.Resources/subscriptions' ? [ctx.store.get(subScope)].filter((b): b is ArmResource => b !== undefined) : ctx.store.listByType(type, subScope);
      // A read right on the whole subscription covers every row in it; otherwise rows are checked one by one.
      const everything = ctx.authz.allows(caller, action, subScope);
      const visible = everything ? undefined : visibleTo(ctx, caller, action);
      for (const body of bodies) {
        if (visible && !visible(body.id)) continue;
        yield rowOf(body, ctx.tenantId, subscriptionId);
      }
    }
  }
}

/**
 * A resource's row, made once per stored body: the store replaces a body when the resource changes
 * (never edits it in place) and queries never change a row (operators copy the rows they add to), so
 * a row stays right for as long as its body is stored.
 */
const rows = new WeakMap<ArmResource, Row>();

function rowOf(body: ArmResource, tenantId: string, subscriptionId: string): Row {
  let row = rows.get(body);
  if (!row) {
    row = toRow(body, tenantId, subscriptionId);
    rows.set(body, row);
  }
  return row;
}

function toRow(body: ArmResource, tenantId: string, subscriptionId: string): Row {
  const type = (armTypeOf(body.id) ?? body.type ?? '').toLowerCase();
  const subscription = type === 'microsoft.resources/subscriptions';
  const security = type.startsWith('microsoft.security/');
  return {
    // Resource Graph spells the finding's id with a lower-case `subassessments` segment.
    id: security ? body.id.replace(/\/subAssessments\//i, '/subassessments/') : body.id,
    name: subscription ? (body.displayName ?? subscriptionId) : (body.name ?? ''),
    type: rowType(type),
    tenantId,
    kind: body.kind ?? '',
    location: body.location ?? (security ? 'global' : ''),
    resourceGroup: (resourceGroupOf(body.id) ?? '').toLowerCase(),
    subscriptionId,
    managedBy: body.managedBy ?? '',
    sku: body.sku ?? null,
    plan: body.plan ?? null,
    properties: subscription ? subscriptionProperties(body) : (body.properties ?? null),
    tags: body.tags ?? null,
    identity: body.identity ?? null,
    zones: body.zones ?? null,
    extendedLocation: body.extendedLocation ?? null,
  };
}

function subscriptionProperties(body: ArmResource): unknown {
  return { state: body.state ?? 'Enabled', subscriptionPolicies: body.subscriptionPolicies ?? null };
}
