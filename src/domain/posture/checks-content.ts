import { patch, policies, type PostureCheck } from './check-types.js';
import { is } from './registry.js';

/** What happens to the content: encryption keys, signing, quarantine, retention and export. */

/** `https://kv.vault.azure.net/keys/name[/version]` → `kv/name[@version…]`, short enough for a phone. */
function keyLabel(keyId: string | undefined): string {
  const m = keyId ? /^https:\/\/([^.]+)\.vault\.azure\.net\/keys\/([^/]+)(?:\/([^/]+))?/i.exec(keyId) : null;
  if (!m) return keyId ?? 'unknown key';
  return m[3] ? `${m[1] ?? ''}/${m[2] ?? ''} (version ${m[3].slice(0, 8)}…)` : `${m[1] ?? ''}/${m[2] ?? ''}`;
}

export const customerManagedKey: PostureCheck = {
  id: 'customer-managed-key',
  title: 'Customer-managed key',
  why: 'You hold and rotate the key that encrypts images at rest, and can revoke it.',
  premiumOnly: true,
  policies: policies('ACR_CMKEncryptionEnabled_Audit'),
  evaluate(r) {
    const e = r.encryption;
    if (!is(e.status, 'enabled')) return { outcome: 'fail', detail: 'Microsoft-managed keys only' };
    const key = keyLabel(e.keyIdentifier);
    if (e.keyRotationEnabled === true) {
      const last = e.lastKeyRotation ? `, last rotated ${e.lastKeyRotation.slice(0, 10)}` : '';
      return { outcome: 'pass', detail: `Key ${key}, rotated automatically${last}` };
    }
    // A key pinned to one version never picks up a rotation in Key Vault.
    return { outcome: 'warn', detail: `Key ${key} is pinned to one version: no automatic rotation` };
  },
  advice: 'A customer-managed key can only be set when a registry is created: plan a new Premium registry with one and move the images.',
};

const policyStatus = (value: string | undefined): string => (value === undefined ? 'not set' : value);

export const contentTrust: PostureCheck = {
  id: 'content-trust',
  title: 'Content trust',
  why: 'Consumers can refuse images your publishers did not sign.',
  premiumOnly: true,
  policies: [],
  evaluate(r) {
    if (is(r.policies.trust, 'enabled')) return { outcome: 'pass', detail: `On (${r.policies.trustType ?? 'Notary'})` };
    return { outcome: 'fail', detail: `Off (${policyStatus(r.policies.trust)})` };
  },
  fix(r) {
    return patch(r, { policies: { trustPolicy: { type: 'Notary', status: 'enabled' } } }, 'Turn on content trust.', 'Publishers need a signing key before their signed pushes are accepted.');
  },
  advice: 'Turn on content trust and sign images when you push them.',
};

export const quarantine: PostureCheck = {
  id: 'quarantine',
  title: 'Quarantine',
  why: 'New images wait until a scan clears them before anyone can pull them.',
  premiumOnly: true,
  policies: [],
  evaluate(r) {
    if (is(r.policies.quarantine, 'enabled')) return { outcome: 'pass', detail: 'On' };
    return { outcome: 'fail', detail: `Off (${policyStatus(r.policies.quarantine)})` };
  },
  fix(r) {
    return patch(r, { policies: { quarantinePolicy: { status: 'enabled' } } }, 'Turn on the quarantine policy.', 'New pushes cannot be pulled until a scanner marks them as passed.');
  },
  advice: 'Turn on the quarantine policy once a scanner releases images.',
};

export const retention: PostureCheck = {
  id: 'retention',
  title: 'Retention of untagged manifests',
  why: 'Untagged manifests are deleted after a few days instead of piling up unscanned.',
  premiumOnly: true,
  policies: [],
  evaluate(r) {
    if (is(r.policies.retention, 'enabled')) return { outcome: 'pass', detail: `On: untagged manifests kept ${r.policies.retentionDays ?? 7} days` };
    return { outcome: 'fail', detail: `Off (${policyStatus(r.policies.retention)}): untagged manifests are kept forever` };
  },
  fix(r) {
    return patch(r, { policies: { retentionPolicy: { status: 'enabled', days: r.policies.retentionDays ?? 7 } } }, `Delete untagged manifests after ${r.policies.retentionDays ?? 7} days.`);
  },
  advice: 'Turn on the retention policy for untagged manifests.',
};

export const exportPolicy: PostureCheck = {
  id: 'export',
  title: 'Exports',
  why: 'Nobody can copy images out with az acr import or ACR Transfer.',
  premiumOnly: true,
  policies: policies('ACR_ExportPolicy_AuditDeny'),
  evaluate(r) {
    const exportsOff = is(r.policies.export, 'disabled');
    if (exportsOff && is(r.publicNetworkAccess, 'Disabled')) return { outcome: 'pass', detail: 'Off' };
    if (exportsOff) return { outcome: 'fail', detail: 'Off, but the registry is public (the policy needs public access off too)' };
    return { outcome: 'fail', detail: `Allowed (${policyStatus(r.policies.export)})` };
  },
  fix(r) {
    // ACR lets exports be disabled only on a registry without public network access.
    return patch(
      r,
      { policies: { exportPolicy: { status: 'disabled' } }, publicNetworkAccess: 'Disabled' },
      'Disable exports (and public network access, which ACR requires for it).',
      'Turning off public network access cuts off every client that is not on a private endpoint.',
    );
  },
  advice: 'Disable exports once public network access is off.',
};
