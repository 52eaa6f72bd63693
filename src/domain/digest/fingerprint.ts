import { createHash } from 'node:crypto';

/**
 * Compact, stable fingerprints: 72 bits of SHA-256 in base64url (12 characters). Collisions are
 * out of reach for any estate (a billion findings give odds below one in a million), and a
 * snapshot of ten thousand findings stays near 150 kB.
 */
export function fingerprint(...parts: string[]): string {
  return createHash('sha256').update(parts.join('\u0000').toLowerCase()).digest('base64url').slice(0, 12);
}

/** The unit a finding was read from: its subscription (for carrying forward) plus a short hash of the resource. */
export function unitKey(subscriptionId: string, resourceId: string): string {
  return `${subscriptionId.toLowerCase()}/${fingerprint(resourceId).slice(0, 8)}`;
}

export function subscriptionOfUnit(unit: string): string {
  return unit.split('/')[0] ?? unit;
}
