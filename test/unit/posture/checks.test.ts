import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { assessRegistry, CHECK_IDS, CHECKS, checkById, type CheckId, type Outcome, type RegistrySnapshot } from '../../../src/domain/posture/index.js';
import { hardened, withPolicies } from './support.js';

/**
 * Every checklist row against registries covering each value it can meet: the casing Azure uses
 * (`enabled` for policies and encryption, `Enabled` for public access), other casings, absent
 * properties (`anonymousPullEnabled` before the api-versions that have it), and SKUs.
 */

const outcomeOf = (registry: RegistrySnapshot, check: CheckId): { outcome: Outcome; detail: string; fix: boolean } => {
  const result = assessRegistry(registry).results.find((r) => r.check.id === check);
  if (!result) throw new Error(`no row ${check}`);
  return { outcome: result.outcome, detail: result.detail, fix: result.change !== undefined };
};

const standard = (o: Partial<RegistrySnapshot> = {}) => hardened({ sku: 'Standard', ...o });
const pending = hardened().privateEndpointConnections.map((c) => ({ ...c, status: 'Pending' }));

type Row = [CheckId, string, RegistrySnapshot, Outcome, boolean];
const ROWS: Row[] = [
  ['customer-managed-key', 'enabled with rotation', hardened(), 'pass', false],
  ['customer-managed-key', '"Enabled" (other casing)', hardened({ encryption: { ...hardened().encryption, status: 'Enabled' } }), 'pass', false],
  ['customer-managed-key', 'pinned key version', hardened({ encryption: { ...hardened().encryption, keyRotationEnabled: false } }), 'warn', false],
  ['customer-managed-key', 'disabled', hardened({ encryption: { status: 'disabled', keyIdentifier: undefined, versionedKeyIdentifier: undefined, keyRotationEnabled: undefined, lastKeyRotation: undefined } }), 'fail', false],
  ['customer-managed-key', 'absent', hardened({ encryption: { status: undefined, keyIdentifier: undefined, versionedKeyIdentifier: undefined, keyRotationEnabled: undefined, lastKeyRotation: undefined } }), 'fail', false],
  ['customer-managed-key', 'disabled on Standard', standard({ encryption: { status: 'disabled', keyIdentifier: undefined, versionedKeyIdentifier: undefined, keyRotationEnabled: undefined, lastKeyRotation: undefined } }), 'needs-premium', false],
  ['private-link', 'approved', hardened(), 'pass', false],
  ['private-link', '"approved" (other casing)', hardened({ privateEndpointConnections: hardened().privateEndpointConnections.map((c) => ({ ...c, status: 'approved' })) }), 'pass', false],
  ['private-link', 'pending only (fix approves it)', hardened({ privateEndpointConnections: pending }), 'fail', true],
  ['private-link', 'none', hardened({ privateEndpointConnections: [] }), 'fail', false],
  ['private-link', 'none on Basic', hardened({ sku: 'Basic', privateEndpointConnections: [] }), 'needs-premium', false],
  ['public-network', 'Disabled', hardened(), 'pass', false],
  ['public-network', '"disabled" (other casing)', hardened({ publicNetworkAccess: 'disabled' }), 'pass', false],
  ['public-network', 'Enabled', hardened({ publicNetworkAccess: 'Enabled' }), 'fail', true],
  ['public-network', 'absent', hardened({ publicNetworkAccess: undefined }), 'fail', true],
  ['public-network', 'Enabled on Standard', standard({ publicNetworkAccess: 'Enabled' }), 'needs-premium', false],
  ['network-rules', 'Deny with public access', hardened({ publicNetworkAccess: 'Enabled', networkDefaultAction: 'Deny', ipRules: ['203.0.113.0/24'] }), 'pass', false],
  ['network-rules', 'Allow, public access off', hardened({ networkDefaultAction: 'Allow' }), 'pass', false],
  ['network-rules', 'Allow with public access', hardened({ publicNetworkAccess: 'Enabled', networkDefaultAction: 'Allow' }), 'fail', true],
  ['network-rules', '"allow" (other casing)', hardened({ publicNetworkAccess: 'Enabled', networkDefaultAction: 'allow' }), 'fail', true],
  ['network-rules', 'no rule set', hardened({ publicNetworkAccess: 'Enabled', networkDefaultAction: undefined }), 'fail', true],
  ['data-endpoints', 'on', hardened(), 'pass', false],
  ['data-endpoints', 'off', hardened({ dataEndpointEnabled: false }), 'fail', true],
  ['data-endpoints', 'absent', hardened({ dataEndpointEnabled: undefined }), 'fail', true],
  ['data-endpoints', 'off on Standard', standard({ dataEndpointEnabled: false }), 'needs-premium', false],
  ['admin-user', 'off', hardened(), 'pass', false],
  ['admin-user', 'on', hardened({ adminUserEnabled: true }), 'fail', true],
  ['admin-user', 'on, Basic (every SKU can turn it off)', hardened({ sku: 'Basic', adminUserEnabled: true }), 'fail', true],
  ['admin-user', 'absent', hardened({ adminUserEnabled: undefined }), 'pass', false],
  ['anonymous-pull', 'off', hardened(), 'pass', false],
  ['anonymous-pull', 'on', hardened({ anonymousPullEnabled: true }), 'fail', true],
  ['anonymous-pull', 'absent (older api-version): off', hardened({ anonymousPullEnabled: undefined }), 'pass', false],
  ['content-trust', 'enabled', hardened(), 'pass', false],
  ['content-trust', '"Enabled" (other casing)', withPolicies({ trust: 'Enabled' }), 'pass', false],
  ['content-trust', 'disabled', withPolicies({ trust: 'disabled' }), 'fail', true],
  ['content-trust', 'absent', withPolicies({ trust: undefined }), 'fail', true],
  ['content-trust', 'disabled on Standard', withPolicies({ trust: 'disabled' }, { sku: 'Standard' }), 'needs-premium', false],
  ['quarantine', 'enabled', hardened(), 'pass', false],
  ['quarantine', 'disabled', withPolicies({ quarantine: 'disabled' }), 'fail', true],
  ['retention', 'enabled', hardened(), 'pass', false],
  ['retention', 'disabled', withPolicies({ retention: 'disabled' }), 'fail', true],
  ['export', 'disabled, public off', hardened(), 'pass', false],
  ['export', '"Disabled" (other casing)', withPolicies({ export: 'Disabled' }), 'pass', false],
  ['export', 'disabled but public on', withPolicies({ export: 'disabled' }, { publicNetworkAccess: 'Enabled' }), 'fail', true],
  ['export', 'enabled', withPolicies({ export: 'enabled' }), 'fail', true],
  ['arm-audience-tokens', 'disabled', hardened(), 'pass', false],
  ['arm-audience-tokens', '"Disabled" (other casing)', withPolicies({ armAudienceTokens: 'Disabled' }), 'pass', false],
  ['arm-audience-tokens', 'enabled', withPolicies({ armAudienceTokens: 'enabled' }), 'fail', true],
  ['arm-audience-tokens', 'policy absent: accepted by default', withPolicies({ armAudienceTokens: undefined }), 'fail', true],
  ['arm-audience-tokens', 'enabled on Basic (every SKU has it)', withPolicies({ armAudienceTokens: 'enabled' }, { sku: 'Basic' }), 'fail', true],
  ['sku', 'Premium', hardened(), 'pass', false],
  ['sku', '"premium" (other casing)', hardened({ sku: 'premium' }), 'pass', false],
  ['sku', 'Standard', standard(), 'fail', true],
  ['sku', 'Basic', hardened({ sku: 'Basic' }), 'fail', true],
];

describe('every checklist row', () => {
  test('covers a passing and a failing registry for each check', () => {
    for (const id of CHECK_IDS) {
      const outcomes = ROWS.filter((r) => r[0] === id).map((r) => r[3]);
      expect(outcomes, id).toContain('pass');
      expect(outcomes.some((o) => o === 'fail' || o === 'needs-premium'), id).toBe(true);
    }
  });

  test.for(ROWS.map((r) => [r[0], r[1], r[3], r] as const))('%s, %s → %s', ([, , , [check, , registry, expected, fixable]]) => {
    const { outcome, detail, fix } = outcomeOf(registry, check);
    expect(outcome).toBe(expected);
    expect(detail.length).toBeGreaterThan(1);
    expect(fix).toBe(fixable);
  });

  test('a hardened Premium registry passes everything; a neglected Standard one fails with Premium-only rows marked', () => {
    expect(assessRegistry(hardened()).failing).toBe(0);
    const neglected = assessRegistry(
      standard({ publicNetworkAccess: 'Enabled', adminUserEnabled: true, anonymousPullEnabled: true, dataEndpointEnabled: false, privateEndpointConnections: [], networkDefaultAction: 'Allow' }),
    );
    const premiumOnly = CHECKS.filter((c) => c.premiumOnly).map((c) => c.id);
    for (const r of neglected.results) {
      if (premiumOnly.includes(r.check.id) && r.outcome !== 'pass' && r.outcome !== 'warn') expect(r.outcome, r.check.id).toBe('needs-premium');
      // Nothing impossible is proposed: no change for a Premium-only feature on Standard.
      if (r.outcome === 'needs-premium') expect(r.change, r.check.id).toBeUndefined();
    }
    expect(neglected.results.find((r) => r.check.id === 'sku')?.change?.body).toEqual({ sku: { name: 'Premium' } });
  });
});

describe('the fixes are the exact ARM requests', () => {
  test.for([
    ['admin-user', hardened({ adminUserEnabled: true }), { properties: { adminUserEnabled: false } }],
    ['anonymous-pull', hardened({ anonymousPullEnabled: true }), { properties: { anonymousPullEnabled: false } }],
    ['public-network', hardened({ publicNetworkAccess: 'Enabled' }), { properties: { publicNetworkAccess: 'Disabled' } }],
    ['network-rules', hardened({ publicNetworkAccess: 'Enabled', networkDefaultAction: 'Allow', ipRules: ['198.51.100.17'] }), { properties: { networkRuleSet: { defaultAction: 'Deny', ipRules: [{ action: 'Allow', value: '198.51.100.17' }] } } }],
    ['data-endpoints', hardened({ dataEndpointEnabled: false }), { properties: { dataEndpointEnabled: true } }],
    ['content-trust', withPolicies({ trust: 'disabled' }), { properties: { policies: { trustPolicy: { type: 'Notary', status: 'enabled' } } } }],
    ['quarantine', withPolicies({ quarantine: 'disabled' }), { properties: { policies: { quarantinePolicy: { status: 'enabled' } } } }],
    ['retention', withPolicies({ retention: 'disabled', retentionDays: 14 }), { properties: { policies: { retentionPolicy: { status: 'enabled', days: 14 } } } }],
    ['export', withPolicies({ export: 'enabled' }, { publicNetworkAccess: 'Enabled' }), { properties: { policies: { exportPolicy: { status: 'disabled' } }, publicNetworkAccess: 'Disabled' } }],
    ['arm-audience-tokens', withPolicies({ armAudienceTokens: undefined }), { properties: { policies: { azureADAuthenticationAsArmPolicy: { status: 'disabled' } } } }],
  ] as const)('%s', ([check, registry, body]) => {
    const change = assessRegistry(registry).results.find((r) => r.check.id === check)?.change;
    expect(change).toMatchObject({ method: 'PATCH', resourceId: registry.id, body });
  });

  test('a pending private endpoint connection is approved with a PUT on the connection', () => {
    const registry = hardened({ privateEndpointConnections: pending });
    const change = assessRegistry(registry).results.find((r) => r.check.id === 'private-link')?.change;
    expect(change?.method).toBe('PUT');
    expect(change?.resourceId).toBe(pending[0]?.id);
    expect(change?.body).toEqual({ properties: { privateLinkServiceConnectionState: { status: 'Approved', description: 'Approved through ShipShape' } } });
  });
});

describe('policies named on the rows are the built-ins of the contracts folder', () => {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const dir = path.resolve(here, '../../fixtures/contracts/azure-policy');
  const contracts = readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.json'))
    .map((f) => JSON.parse(readFileSync(path.join(dir, f), 'utf8')) as { id: string; properties: { displayName: string } });

  test.for(CHECKS.flatMap((c) => c.policies.map((p) => [c.id, p.displayName, p] as const)))('%s: %s', ([, , policy]) => {
    const contract = contracts.find((c) => c.id.toLowerCase() === policy.definitionId.toLowerCase());
    expect(contract, policy.definitionId).toBeDefined();
    expect(policy.displayName).toBe(contract?.properties.displayName);
  });

  test('every row with a built-in names the audit/deny one first', () => {
    for (const check of CHECKS.filter((c) => c.policies.length > 0)) expect(check.policies[0]?.kind, check.id).toBe('audit');
    expect(checkById('admin-user').policies.map((p) => p.kind)).toEqual(['audit', 'modify']);
  });
});
