import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestEmulator, type TestEmulator } from './support/emulator.js';
import { registry, resourceGroup, ROLE, roleAssignment, SUB, subscription, tenantOf, WHO, type Resource } from './support/tenant.js';

/**
 * Microsoft.Insights diagnostic settings of a resource (api-version 2021-05-01-preview). No installed
 * SDK package covers Azure Monitor, so these go through a plain ARM pipeline.
 */

const S = SUB.acr;
const RG = `/subscriptions/${S}/resourceGroups/rg-dev`;
const LOGGED = `${RG}/providers/Microsoft.ContainerRegistry/registries/logged`;
const SILENT = `${RG}/providers/Microsoft.ContainerRegistry/registries/silent`;
const V = 'api-version=2021-05-01-preview';

const setting: Resource = {
  id: `${LOGGED}/providers/microsoft.insights/diagnosticSettings/send-to-law`,
  name: 'send-to-law',
  type: 'Microsoft.Insights/diagnosticSettings',
  properties: {
    workspaceId: `/subscriptions/${S}/resourceGroups/rg-ops/providers/Microsoft.OperationalInsights/workspaces/law-prod`,
    logs: [
      { category: 'ContainerRegistryRepositoryEvents', categoryGroup: null, enabled: true, retentionPolicy: { enabled: false, days: 0 } },
      { category: 'ContainerRegistryLoginEvents', categoryGroup: null, enabled: true, retentionPolicy: { enabled: false, days: 0 } },
    ],
    metrics: [{ category: 'AllMetrics', enabled: true, retentionPolicy: { enabled: false, days: 0 } }],
    logAnalyticsDestinationType: null,
  },
};

let env: TestEmulator;
beforeAll(async () => {
  env = await startTestEmulator(
    tenantOf([
      subscription(S, 'Diagnostics'),
      resourceGroup(S, 'rg-dev'),
      registry(S, 'rg-dev', 'logged'),
      registry(S, 'rg-dev', 'silent'),
      setting,
      roleAssignment(`/subscriptions/${S}`, WHO.reader, ROLE.reader),
    ]),
  );
});
afterAll(async () => env?.close());

describe('diagnostic settings', () => {
  test('list answers { value } with the stored settings; an unlogged resource has none', async () => {
    const reader = await env.user(WHO.reader);
    const logged = await env.arm(reader, 'GET', `${LOGGED}/providers/Microsoft.Insights/diagnosticSettings?${V}`);
    expect(logged).toEqual({ status: 200, body: { value: [setting] } });
    const silent = await env.arm(reader, 'GET', `//${SILENT.slice(1)}/providers/Microsoft.Insights/diagnosticSettings?${V}`);
    expect(silent).toEqual({ status: 200, body: { value: [] } });
    const one = await env.arm(reader, 'GET', `${LOGGED}/providers/Microsoft.Insights/diagnosticSettings/send-to-law?${V}`);
    expect(one.body).toEqual(setting);
  });

  test('403 without access, 404 for a resource that does not exist, 400 for another api-version', async () => {
    const denied = await env.arm(await env.user(WHO.nobody), 'GET', `${LOGGED}/providers/Microsoft.Insights/diagnosticSettings?${V}`);
    expect([denied.status, (denied.body as { error: { code: string } }).error.code]).toEqual([403, 'AuthorizationFailed']);
    const missing = await env.arm(await env.user(WHO.reader), 'GET', `${RG}/providers/Microsoft.ContainerRegistry/registries/ghost/providers/Microsoft.Insights/diagnosticSettings?${V}`);
    expect([missing.status, (missing.body as { error: { code: string } }).error.code]).toEqual([404, 'ResourceNotFound']);
    const version = await env.arm(await env.user(WHO.reader), 'GET', `${LOGGED}/providers/Microsoft.Insights/diagnosticSettings?api-version=1999-01-01`);
    expect(version.status).toBe(400);
  });
});
