import { createHash } from 'node:crypto';

/**
 * Name-based identifiers. The demo tenant names its objects in words ("role:priya:reader:prod")
 * and derives GUIDs and digests from those words, so editing one object never renumbers the rest.
 */

/** A GUID in version-5 layout derived from `name` (SHA-1, as RFC 4122 name-based ids are). */
export function guidFor(name: string): string {
  const h = createHash('sha1').update(name).digest('hex');
  const variant = ((parseInt(h[16] ?? '0', 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** An OCI manifest digest (`sha256:` + 64 hex) derived from `name`. */
export function digestFor(name: string): string {
  return `sha256:${createHash('sha256').update(name).digest('hex')}`;
}

/** `count` lower-case hex characters derived from `name` (key versions, workspace ids…). */
export function hexFor(name: string, count: number): string {
  let out = '';
  for (let i = 0; out.length < count; i++) out += createHash('sha256').update(`${name}#${i}`).digest('hex');
  return out.slice(0, count);
}
