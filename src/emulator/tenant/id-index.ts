import type { ArmResource } from '../http/types.js';
import { sameId } from './resource-id.js';

/**
 * A case-insensitive id → resource map that does not keep a lowercased copy of every id.
 *
 * With a million sub-assessments, a `Map<lowercasedId, resource>` holds a second ~250-byte string
 * per resource. Keying by a 31-bit case-folded hash (a small integer V8 stores inline) and
 * resolving the rare collisions by comparing ids keeps only the parsed objects themselves.
 */
export class IdIndex {
  private readonly buckets = new Map<number, ArmResource | ArmResource[]>();
  private count = 0;

  get size(): number {
    return this.count;
  }

  get(id: string): ArmResource | undefined {
    const slot = this.buckets.get(foldHash(id));
    if (slot === undefined) return undefined;
    if (!Array.isArray(slot)) return sameId(slot.id, id) ? slot : undefined;
    return slot.find((r) => sameId(r.id, id));
  }

  /** Stores `resource`, returning the one it replaced (same id, any casing). */
  set(resource: ArmResource): ArmResource | undefined {
    const key = foldHash(resource.id);
    const slot = this.buckets.get(key);
    if (slot === undefined) {
      this.buckets.set(key, resource);
      this.count++;
      return undefined;
    }
    if (!Array.isArray(slot)) {
      if (sameId(slot.id, resource.id)) {
        this.buckets.set(key, resource);
        return slot;
      }
      this.buckets.set(key, [slot, resource]);
      this.count++;
      return undefined;
    }
    const at = slot.findIndex((r) => sameId(r.id, resource.id));
    if (at >= 0) {
      const previous = slot[at];
      slot[at] = resource;
      return previous;
    }
    slot.push(resource);
    this.count++;
    return undefined;
  }

  delete(id: string): ArmResource | undefined {
    const key = foldHash(id);
    const slot = this.buckets.get(key);
    if (slot === undefined) return undefined;
    if (!Array.isArray(slot)) {
      if (!sameId(slot.id, id)) return undefined;
      this.buckets.delete(key);
      this.count--;
      return slot;
    }
    const at = slot.findIndex((r) => sameId(r.id, id));
    if (at < 0) return undefined;
    const [removed] = slot.splice(at, 1);
    if (slot.length === 1 && slot[0]) this.buckets.set(key, slot[0]);
    this.count--;
    return removed;
  }
}

/** FNV-1a over the case-folded id, reduced to 31 bits so V8 keeps it as a small integer. */
export function foldHash(id: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    let c = id.charCodeAt(i);
    // Non-ASCII ids are rare; hash their full lowercase form so hashing agrees with sameId().
    if (c > 127) return asciiHash(id.toLowerCase());
    if (c >= 65 && c <= 90) c += 32;
    h = Math.imul(h ^ c, 16777619);
  }
  return h >>> 1;
}

function asciiHash(lower: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < lower.length; i++) h = Math.imul(h ^ lower.charCodeAt(i), 16777619);
  return h >>> 1;
}
