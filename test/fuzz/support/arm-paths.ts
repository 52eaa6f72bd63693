import fc from 'fast-check';

/**
 * Request paths shaped like ARM's, from the pieces ARM paths are made of plus noise, so that generated
 * paths reach deep into the emulator's routes instead of stopping at the first segment.
 */

export const SUBSCRIPTIONS = ['1d6e3a2b-7c4f-4e5d-9a8b-000000000001', '1d6e3a2b-7c4f-4e5d-9a8b-000000000002', '1d6e3a2b-7c4f-4e5d-9a8b-000000000003'];

const PIECES = [
  'subscriptions', 'resourceGroups', 'resourcegroups', 'providers', 'Microsoft.ContainerRegistry', 'registries',
  'Microsoft.Security', 'assessments', 'subAssessments', 'Microsoft.Authorization', 'policyAssignments', 'policyDefinitions',
  'policySetDefinitions', 'policyExemptions', 'roleAssignments', 'roleDefinitions', 'permissions', 'Microsoft.PolicyInsights',
  'policyStates', 'latest', 'default', 'queryResults', 'summarize', 'triggerEvaluation', 'remediations', 'Microsoft.ContainerInstance',
  'containerGroups', 'Microsoft.ContainerService', 'managedClusters', 'Microsoft.Insights', 'diagnosticSettings', 'locations',
  'rg-registries-prod', 'rg-aks-prod', 'contosoprod', 'contosopayments', '..', '.', '%2F', '%00', '%', '%zz', '~', '*', '{x}',
];

export const segment: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...PIECES) },
  { weight: 2, arbitrary: fc.constantFrom(...SUBSCRIPTIONS) },
  { weight: 1, arbitrary: fc.uuid() },
  { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
);

const API_VERSIONS = ['2022-12-01', '2025-03-01', '2024-10-01', '2019-01-01-preview', '2025-11-01', '2022-04-01', '1999-01-01', '', 'latest'];

export const query: fc.Arbitrary<string> = fc
  .array(
    fc.oneof(
      fc.constantFrom(...API_VERSIONS).map((v) => `api-version=${v}`),
      fc.tuple(fc.constantFrom('$skiptoken', '$skipToken', '$top', '$filter', 'API-VERSION'), fc.string({ maxLength: 20 })).map(([k, v]) => `${k}=${encodeURIComponent(v)}`),
      fc.string({ maxLength: 15 }),
    ),
    { maxLength: 4 },
  )
  .map((parts) => parts.join('&'));

/** A raw request target: ARM-shaped paths, doubled slashes, odd percent-escapes, a query. */
export const requestTarget: fc.Arbitrary<string> = fc
  .tuple(fc.array(fc.tuple(fc.constantFrom('/', '/', '/', '//'), segment), { maxLength: 14 }), query, fc.boolean())
  .map(([parts, q, withQuery]) => `${parts.map(([sep, s]) => `${sep}${s}`).join('') || '/'}${withQuery ? `?${q}` : ''}`);

export const METHODS = ['GET', 'PUT', 'PATCH', 'POST', 'DELETE'] as const;
