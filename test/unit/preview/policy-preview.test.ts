import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { compare, holds, previewPolicy } from '../../../src/domain/preview/index.js';

const ACR = 'Microsoft.ContainerRegistry/registries';
const DIR = path.resolve('src/emulator/builtins/policy-definitions/ContainerRegistry');

function definition(file: string): { policyRule: unknown; parameters: Record<string, { defaultValue?: unknown }> } {
  const d = JSON.parse(readFileSync(path.join(DIR, `${file}.json`), 'utf8')) as { properties: { policyRule: unknown; parameters: Record<string, { defaultValue?: unknown }> } };
  return d.properties;
}

function registry(name: string, sku: string, properties: Record<string, unknown>): Record<string, unknown> {
  return { id: `/subscriptions/s/resourceGroups/g/providers/${ACR}/${name}`, name, type: ACR, sku: { name: sku }, properties };
}

describe('the rule evaluator', () => {
  test('operators compare case-insensitively, and exists reads "false" as false', () => {
    expect(compare('equals', 'Enabled', 'enabled')).toBe(true);
    expect(compare('notequals', 'Disabled', 'disabled')).toBe(false);
    expect(compare('in', 'b', ['A', 'B'])).toBe(true);
    expect(compare('exists', undefined, 'false')).toBe(true);
    expect(compare('exists', 'x', false)).toBe(false);
    expect(compare('like', 'contosoprod', 'contoso*')).toBe(true);
    expect(compare('nosuch', 1, 1)).toBeUndefined();
  });

  test('count with where reads members, looking through their properties envelope', () => {
    const rule = definition('ACR_PrivateEndpointEnabled_Audit').policyRule as { if: unknown };
    const approved = registry('a', 'Premium', { privateEndpointConnections: [{ id: 'c', properties: { privateLinkServiceConnectionState: { status: 'Approved' } } }] });
    const pending = registry('b', 'Premium', { privateEndpointConnections: [{ id: 'c', properties: { privateLinkServiceConnectionState: { status: 'Pending' } } }] });
    expect(holds(rule.if, { resource: approved, parameters: {} })).toBe(false);
    expect(holds(rule.if, { resource: pending, parameters: {} })).toBe(true);
  });

  test('not, anyOf and parameters', () => {
    const cond = { not: { anyOf: [{ field: 'name', equals: "[parameters('n')]" }, { field: `${ACR}/adminUserEnabled`, equals: true }] } };
    expect(holds(cond, { resource: registry('x', 'Basic', { adminUserEnabled: false }), parameters: { n: 'y' } })).toBe(true);
    expect(holds(cond, { resource: registry('x', 'Basic', { adminUserEnabled: false }), parameters: { n: 'X' } })).toBe(false);
  });
});

describe('previews of registry built-ins', () => {
  test('private link: a Standard registry without endpoints would be non-compliant and needs Premium', () => {
    const preview = previewPolicy(definition('ACR_PrivateEndpointEnabled_Audit'), {}, [registry('legacy', 'Standard', {}), registry('ok', 'Premium', { privateEndpointConnections: [{ properties: { privateLinkServiceConnectionState: { status: 'Approved' } } }] })], 'private-link');
    expect(preview).toEqual({
      kind: 'evaluated',
      effect: 'Audit',
      resources: [
        { id: expect.any(String), name: 'legacy', outcome: 'non-compliant', blocked: 'private link needs the Premium SKU; it is Standard' },
        { id: expect.any(String), name: 'ok', outcome: 'compliant' },
      ],
    });
  });

  test('the assigned effect wins over the default; Disabled reports nothing', () => {
    expect(previewPolicy(definition('ACR_AdminAccountDisabled_AuditDeny'), { effect: 'Disabled' }, [registry('a', 'Basic', { adminUserEnabled: true })])).toEqual({ kind: 'disabled', effect: 'Disabled' });
  });

  test('rules on other resource types are not guessed at', () => {
    expect(previewPolicy(definition('ACR_TokenDisabled_AuditDeny'), {}, [registry('a', 'Basic', {})]).kind).toBe('not-previewable');
  });

  test.for(readdirSync(DIR).map((f) => f.replace(/\.json$/, '')))('%s evaluates or says why not, never throws', (file) => {
    const preview = previewPolicy(definition(file), {}, [registry('a', 'Standard', { adminUserEnabled: true, publicNetworkAccess: 'Enabled' })]);
    expect(['evaluated', 'disabled', 'not-previewable']).toContain(preview.kind);
  });
});
