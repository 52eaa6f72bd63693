/** The middle of several samples (the mean of the two middle ones for an even count). */
export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** How far the samples spread, for people: `n = 3, 412–530 ms`. */
export function spread(values: readonly number[]): string {
  if (values.length === 0) return 'no samples';
  return `n = ${values.length}, ${Math.round(Math.min(...values)).toLocaleString('en')}–${Math.round(Math.max(...values)).toLocaleString('en')} ms`;
}
