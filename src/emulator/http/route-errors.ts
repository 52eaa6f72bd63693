import { invalidApiVersion, invalidResourceType, noRegisteredProvider } from './arm-errors.js';
import type { ArmError } from './types.js';

/** Namespace and type ARM would name for a path: the last `/providers/{ns}/type/name/…` block. */
function describeType(segments: readonly string[]): { namespace: string; type: string } {
  for (let i = segments.length - 2; i >= 0; i--) {
    if (segments[i]?.toLowerCase() !== 'providers') continue;
    const namespace = segments[i + 1] as string;
    const types: string[] = [];
    for (let k = i + 2; k < segments.length; k += 2) types.push(segments[k] as string);
    return { namespace, type: types.join('/') };
  }
  let k = 0;
  if (segments[0]?.toLowerCase() === 'subscriptions') k = 2;
  if (segments[k]?.toLowerCase() === 'resourcegroups' && k + 1 < segments.length) k += 2;
  return { namespace: 'Microsoft.Resources', type: segments[k] ?? '' };
}

/** ARM's 404 for a path no resource provider serves. */
export function unknownRoute(segments: readonly string[], apiVersion: string): ArmError {
  const { namespace, type } = describeType(segments);
  return invalidResourceType(type, namespace, apiVersion);
}

/** ARM's 400 for an api-version the provider does not know, listing the versions it does. */
export function apiVersionRefusal(segments: readonly string[], apiVersion: string, supported: readonly string[]): ArmError {
  const versions = [...new Set(supported)].sort().reverse();
  const { namespace, type } = describeType(segments);
  if (namespace.toLowerCase() === 'microsoft.resources') return invalidApiVersion(apiVersion, versions);
  return noRegisteredProvider(apiVersion, type.split('/').pop() ?? type, versions);
}
