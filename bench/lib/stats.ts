/** The `p`th percentile of ascending numbers (nearest rank), NaN when there are none. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** Ascending copy of some timings, to take percentiles of. */
export function ascending(values: readonly number[]): number[] {
  return [...values].sort((a, b) => a - b);
}
