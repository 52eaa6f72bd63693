/**
 * One string instance per distinct value: every parsed page brings its own copies of the same
 * package names, versions, CVE titles and scan times, and the aggregates of a large estate would
 * otherwise keep one copy per image or per finding. Only for values that repeat: a pool of unique
 * values (digests) costs more than it saves.
 */
export class StringPool {
  private readonly pool = new Map<string, string>();

  intern(value: string): string;
  intern(value: string | undefined): string | undefined;
  intern(value: string | undefined): string | undefined {
    if (value === undefined) return undefined;
    const known = this.pool.get(value);
    if (known !== undefined) return known;
    this.pool.set(value, value);
    return value;
  }
}
