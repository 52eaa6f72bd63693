import type { ArmResource } from '../http/types.js';
import { badRequest, invalidRequestContent } from './errors.js';

/**
 * `PATCH registries/{name}` (RegistryUpdateParameters): merges what the body names into the stored
 * registry and rejects what ACR rejects for the registry's SKU. Untouched properties keep their stored
 * shape and casing.
 */

type Json = Record<string, unknown>;

const SKUS = ['Basic', 'Standard', 'Premium'] as const;
const POLICY_NAMES = [
  'quarantinePolicy',
  'trustPolicy',
  'retentionPolicy',
  'exportPolicy',
  'azureADAuthenticationAsArmPolicy',
  'softDeletePolicy',
];

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** ACR answers enum values in their documented casing whatever casing the client sent. */
function canonical(value: unknown, allowed: readonly string[], target: string): string {
  const match = typeof value === 'string' ? allowed.find((a) => a.toLowerCase() === value.toLowerCase()) : undefined;
  if (match === undefined) {
    throw badRequest('InvalidParameter', `The value '${String(value)}' of '${target}' is invalid. Allowed values: ${allowed.join(', ')}.`, target);
  }
  return match;
}

function requireBoolean(value: unknown, target: string): boolean {
  if (typeof value !== 'boolean') throw badRequest('InvalidParameter', `The value of '${target}' must be true or false.`, target);
  return value;
}

function mergePolicies(current: unknown, patch: Json): Json {
  const merged: Json = isObject(current) ? { ...current } : {};
  for (const [name, value] of Object.entries(patch)) {
    if (value === undefined || value === null) continue;
    if (!POLICY_NAMES.includes(name) || !isObject(value)) {
      throw badRequest('InvalidParameter', `Unknown or invalid registry policy '${name}'.`, `properties.policies.${name}`);
    }
    const next: Json = { ...(isObject(merged[name]) ? (merged[name] as Json) : {}), ...value };
    // Policy statuses are lower case on the wire ("enabled" / "disabled").
    if (next.status !== undefined) next.status = canonical(next.status, ['enabled', 'disabled'], `properties.policies.${name}.status`);
    merged[name] = next;
  }
  return merged;
}

function applyProperties(properties: Json, patch: Json): void {
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined || value === null) continue;
    const target = `properties.${key}`;
    switch (key) {
      case 'adminUserEnabled':
      case 'dataEndpointEnabled':
      case 'anonymousPullEnabled':
      case 'networkRuleBypassAllowedForTasks':
        properties[key] = requireBoolean(value, target);
        break;
      case 'publicNetworkAccess':
        properties[key] = canonical(value, ['Enabled', 'Disabled'], target);
        break;
      case 'networkRuleBypassOptions':
        properties[key] = canonical(value, ['AzureServices', 'None'], target);
        break;
      case 'roleAssignmentMode':
        properties[key] = canonical(value, ['LegacyRegistryPermissions', 'AbacRepositoryPermissions'], target);
        break;
      case 'policies':
        if (!isObject(value)) throw badRequest('InvalidParameter', `'${target}' must be an object.`, target);
        properties.policies = mergePolicies(properties.policies, value);
        break;
      case 'networkRuleSet': {
        if (!isObject(value)) throw badRequest('InvalidParameter', `'${target}' must be an object.`, target);
        const defaultAction = canonical(value.defaultAction ?? 'Allow', ['Allow', 'Deny'], `${target}.defaultAction`);
        properties.networkRuleSet = { ...value, defaultAction, ipRules: Array.isArray(value.ipRules) ? value.ipRules : [] };
        break;
      }
      case 'encryption':
        if (!isObject(value)) throw badRequest('InvalidParameter', `'${target}' must be an object.`, target);
        properties.encryption = { ...value };
        break;
      default:
        // Properties this emulator does not model are kept as sent, as ARM's PATCH merge would.
        properties[key] = value;
    }
  }
}

function skuName(registry: Json): string {
  const sku = registry.sku;
  return isObject(sku) && typeof sku.name === 'string' ? sku.name : 'Basic';
}

/** The SKU rules ACR enforces on a registry's resulting state. */
function validateForSku(registry: Json): void {
  const sku = skuName(registry);
  if (sku === 'Premium') return;
  const p = isObject(registry.properties) ? registry.properties : {};
  if (typeof p.publicNetworkAccess === 'string' && p.publicNetworkAccess.toLowerCase() === 'disabled') {
    throw badRequest(
      'DisablingPublicNetworkAccessNotSupported',
      `Disabling public network access is not supported for the SKU ${sku}. For more information, please visit https://aka.ms/acr/private-link.`,
    );
  }
  if (p.dataEndpointEnabled === true) {
    throw badRequest(
      'DataEndpointNotSupported',
      `Dedicated data endpoints are not supported for the SKU ${sku}. For more information, please visit https://aka.ms/acr/dedicated-data-endpoints.`,
    );
  }
  const rules = isObject(p.networkRuleSet) ? p.networkRuleSet : undefined;
  if (rules && (String(rules.defaultAction).toLowerCase() === 'deny' || (Array.isArray(rules.ipRules) && rules.ipRules.length > 0))) {
    throw badRequest(
      'NetworkRuleSetNotSupported',
      `Network rules are not supported for the SKU ${sku}. For more information, please visit https://aka.ms/acr/firewall.`,
    );
  }
  if (sku === 'Basic' && p.anonymousPullEnabled === true) {
    throw badRequest('AnonymousPullNotSupported', 'Anonymous pull is not supported for the SKU Basic. For more information, please visit https://aka.ms/acr/anonymous-pull-access.');
  }
}

/** The registry after applying `body`, or a 400 as ACR would answer. Does not store anything. */
export function applyRegistryUpdate(stored: ArmResource, body: unknown): ArmResource {
  if (!isObject(body)) throw invalidRequestContent('The request content was invalid and could not be deserialized.');
  const next = structuredClone(stored) as ArmResource;
  const properties: Json = isObject(next.properties) ? next.properties : {};
  next.properties = properties;

  if (body.tags !== undefined && body.tags !== null) {
    if (!isObject(body.tags)) throw badRequest('InvalidParameter', "'tags' must be an object.", 'tags');
    next.tags = { ...body.tags };
  }
  if (isObject(body.sku)) {
    const name = canonical(body.sku.name, SKUS, 'sku.name');
    next.sku = { name, tier: name };
  }
  if (isObject(body.identity)) next.identity = { ...body.identity };
  if (body.properties !== undefined && body.properties !== null) {
    if (!isObject(body.properties)) throw badRequest('InvalidParameter', "'properties' must be an object.", 'properties');
    applyProperties(properties, body.properties);
  }

  validateForSku(next);
  if (isObject(body.properties) && typeof body.properties.dataEndpointEnabled === 'boolean') {
    // ACR publishes one data endpoint per region when dedicated endpoints are on.
    const location = typeof next.location === 'string' ? next.location.replace(/\s+/g, '').toLowerCase() : 'westus';
    properties.dataEndpointHostNames = properties.dataEndpointEnabled ? [`${String(next.name ?? '').toLowerCase()}.${location}.data.azurecr.io`] : [];
  }
  properties.provisioningState = 'Succeeded';
  return next;
}
