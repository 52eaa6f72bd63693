/**
 * api-versions each route accepts: what the installed @azure/arm-* packages send, plus the versions of the
 * reference examples in the wire contracts (and a few earlier stable versions other clients still use).
 */
export const API = {
  /** @azure/arm-resources-subscriptions 3.x */
  subscriptions: ['2022-12-01', '2021-01-01', '2020-01-01'],
  /** @azure/arm-resources 8.x; contract example 2025-04-01 */
  resourceGroups: ['2025-04-01', '2024-11-01', '2024-03-01', '2022-09-01', '2021-04-01'],
  /** @azure/arm-security 5.x assessments */
  assessments: ['2021-06-01', '2020-01-01', '2025-05-04-preview'],
  /** @azure/arm-security 5.x sub-assessments: the only version that exists */
  subAssessments: ['2019-01-01-preview'],
  /** @azure/arm-containerregistry 12.x sends 2025-11-01; contract examples 2025-04-01 and 2025-03-01-preview */
  containerRegistry: ['2025-11-01', '2025-04-01', '2025-03-01-preview', '2023-07-01', '2023-01-01-preview'],
  /** @azure/arm-containerinstance 9.x */
  containerInstance: ['2023-05-01', '2024-05-01-preview'],
  /** @azure/arm-containerservice 25.x */
  containerService: ['2026-06-01', '2024-09-01'],
  /** @azure/arm-policy 7.x and the contract examples (2025-03-01); arm-policy 6.x sent 2023-04-01 */
  policy: ['2025-03-01', '2024-04-01', '2023-04-01', '2022-06-01', '2021-06-01'],
  /** No installed package covers exemptions: arm-policy 6.x sent 2022-07-01-preview; the contract example is 2024-12-01-preview */
  policyExemptions: ['2024-12-01-preview', '2022-07-01-preview', '2020-07-01-preview'],
  /** @azure/arm-policyinsights 6.x and the contract examples */
  policyInsights: ['2024-10-01', '2019-10-01', '2021-10-01'],
  /** @azure/arm-authorization 9.x role assignments, role definitions and permissions (2015-07-01 in the permissions example) */
  authorization: ['2022-04-01', '2015-07-01', '2018-01-01-preview', '2020-04-01-preview', '2022-05-01-preview'],
  /** Microsoft.Network private endpoints and their DNS zone groups (no package installed; current stable versions) */
  network: ['2024-05-01', '2024-03-01', '2023-11-01'],
  /** Microsoft.Insights diagnostic settings (no package installed; the current stable version and its predecessor) */
  diagnosticSettings: ['2021-05-01-preview', '2017-05-01-preview'],
} as const satisfies Record<string, readonly string[]>;
