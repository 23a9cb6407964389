// One percentile for every benchmark, so each figure means the same thing.

/** The p-th percentile (p from 0 to 100) of the values, in their unit; NaN when there are none. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}
