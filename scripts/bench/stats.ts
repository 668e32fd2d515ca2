/** Small statistics for benchmarks: medians of rounds, percentiles of samples. */

export function median(values: readonly number[]): number {
  return percentile(values, 50);
}

/** The `p`th percentile (nearest rank) of `values`; NaN when there are none. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))] as number;
}

/**
 * Runs `subject` and `baseline` in alternating rounds (baseline first on even rounds, second on odd ones), so that
 * a noisy neighbour slows both alike, and returns every round's result of each.
 */
export async function alternate<T>(rounds: number, baseline: () => Promise<T>, subject: () => Promise<T>): Promise<{ baseline: T[]; subject: T[] }> {
  const result = { baseline: [] as T[], subject: [] as T[] };
  for (let round = 0; round < rounds; round += 1) {
    if (round % 2 === 0) {
      result.baseline.push(await baseline());
      result.subject.push(await subject());
    } else {
      result.subject.push(await subject());
      result.baseline.push(await baseline());
    }
  }
  return result;
}
