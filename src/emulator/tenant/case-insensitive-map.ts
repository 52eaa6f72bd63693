/** A Map keyed by strings compared case-insensitively, as Entra object ids and ARM ids are. */
export class CaseInsensitiveMap<V> extends Map<string, V> {
  override get(key: string): V | undefined {
    return super.get(key.toLowerCase());
  }

  override has(key: string): boolean {
    return super.has(key.toLowerCase());
  }

  override set(key: string, value: V): this {
    return super.set(key.toLowerCase(), value);
  }

  override delete(key: string): boolean {
    return super.delete(key.toLowerCase());
  }
}
