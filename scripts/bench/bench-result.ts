/** One line of results.json: a measured value, its baseline from the same run, and value / baseline. */
export interface BenchResult {
  name: string;
  metric: string;
  value: number;
  unit: string;
  baseline: number;
  /** What the baseline is, e.g. "bare ws forwarder". */
  baselineName: string;
  ratio: number;
}
