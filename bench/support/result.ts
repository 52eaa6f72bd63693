/** One figure a bench reports: a measurement, a ratio, or a count, with the goal it is held to. */
export interface BenchResult {
  name: string;
  value: number;
  /** `ms`, `MB`, `x` (a ratio) or a count's noun. */
  unit: string;
  /** The goal as people read it, e.g. `≤ 1.2× ideal`. */
  goal?: string;
  /** Whether the goal was met; absent for figures without a goal. */
  pass?: boolean;
  note?: string;
}
