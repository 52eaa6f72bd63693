/** Severity as Defender for Cloud reports it (MDVM adds Critical to the older Low/Medium/High). */
export type Severity = 'Critical' | 'High' | 'Medium' | 'Low';

/** Most severe first: the order answers lead with. */
export const SEVERITIES: readonly Severity[] = ['Critical', 'High', 'Medium', 'Low'];

export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity);
}

/** `High` → Critical and High: what people mean by "high and above". */
export function severitiesAtOrAbove(severity: Severity): Severity[] {
  return SEVERITIES.slice(0, severityRank(severity) + 1);
}

/** Sorted most severe first, without duplicates. */
export function sortSeverities(values: Iterable<Severity>): Severity[] {
  const set = new Set(values);
  return SEVERITIES.filter((s) => set.has(s));
}

/** Parses Azure's spelling, whatever its case. */
export function toSeverity(value: string | undefined): Severity | undefined {
  const v = value?.trim().toLowerCase();
  return SEVERITIES.find((s) => s.toLowerCase() === v);
}
