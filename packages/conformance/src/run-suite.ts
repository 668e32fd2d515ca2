import { performance } from 'node:perf_hooks';
import { newSeed } from './harness/seed.js';
import type { ConformanceTarget } from './harness/conformance-target.js';
import { type PlanOptions, planRuns } from './plan.js';
import type { ScenarioResult, SuiteReport } from './result.js';
import { runScenario, type RunScenarioOptions } from './run-scenario.js';

export interface SuiteOptions extends PlanOptions, Omit<RunScenarioOptions, 'seed'> {
  /** Default: a random seed, reported with the results. */
  seed?: number;
  /** Told about each result as soon as it is known (progress). */
  onResult?: (result: ScenarioResult) => void;
}

/** Runs the suite against each target in turn, one scenario at a time: the standalone runner behind the CLI. */
export async function runSuite(targets: readonly ConformanceTarget[], options: SuiteOptions = {}): Promise<SuiteReport> {
  const seed = options.seed ?? newSeed();
  const startedAt = performance.now();
  const results: ScenarioResult[] = [];
  for (const target of targets) {
    for (const run of planRuns(target, options)) {
      const result = await runScenario(run, { ...options, seed });
      results.push(result);
      options.onResult?.(result);
    }
  }
  return { seed, results, durationMs: Math.round(performance.now() - startedAt) };
}
