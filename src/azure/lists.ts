/**
 * Runs `fn` over `items` with at most `limit` calls in flight, keeping the input order in the
 * result. ARM allows a caller a burst of reads per subscription; a bounded fan-out answers quickly
 * without spending the person's whole budget (the SDK's retry policy waits out any 429 it gets).
 */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index] as T, index);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}

/** Every item of an SDK list (all its pages). */
export async function collect<T>(iter: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of iter) out.push(x);
  return out;
}
