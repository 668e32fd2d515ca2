import type { ConformanceTarget } from './harness/conformance-target.js';
import { newSeed } from './harness/seed.js';
import { adapterName, type PlanOptions, planRuns } from './plan.js';
import { runScenario, type RunScenarioOptions } from './run-scenario.js';
import { SCENARIO_GROUPS } from './scenario.js';

type TestBody = () => Promise<void> | void;

/** The part of a test runner's API the binding uses; jest's and vitest's globals both have it. */
export interface TestApi {
  /** Groups tests, as jest's `describe`. */
  describe(name: string, body: () => void): void;
  /** Declares a test, as jest's `it`. */
  it: {
    (name: string, body: TestBody, timeoutMs?: number): void;
    /** Declares a skipped test, as jest's `it.skip`. */
    skip(name: string, body: TestBody): void;
  };
}

export interface RunConformanceOptions extends PlanOptions, Omit<RunScenarioOptions, 'seed'> {
  /** Default: `BYOSD_SEED` from the environment, else a random seed (shown in the describe title). */
  seed?: number;
  /** Default: the global `describe` and `it`. */
  testApi?: TestApi;
}

/** Room for a scenario's own bound plus its harness's setup and teardown. */
const TEST_TIMEOUT_MS = 30_000;

function globalTestApi(): TestApi {
  const candidate = globalThis as { describe?: unknown; it?: unknown };
  const it = candidate.it;
  const hasSkip = typeof it === 'function' && typeof (it as { skip?: unknown }).skip === 'function';
  if (typeof candidate.describe !== 'function' || !hasSkip) {
    throw new TypeError('runConformance needs a test runner (describe and it as globals, as jest gives them); outside one, use runSuite');
  }
  return { describe: candidate.describe as TestApi['describe'], it: it as TestApi['it'] };
}

function seedFromEnvironment(): number | undefined {
  const value = process.env['BYOSD_SEED'];
  if (value === undefined || value === '') return undefined;
  if (!/^\d+$/.test(value)) throw new TypeError(`BYOSD_SEED must be a non-negative integer, got "${value}"`);
  return Number(value);
}

/**
 * Declares the conformance suite as tests of the current test file, one per scenario and mode, grouped as the
 * suite is. Scenarios the adapter's capabilities rule out are declared skipped, with the reason.
 *
 * ```ts
 * runConformance(exampleConformance);
 * ```
 */
export function runConformance(target: ConformanceTarget, options: RunConformanceOptions = {}): void {
  const api = options.testApi ?? globalTestApi();
  const seed = options.seed ?? seedFromEnvironment() ?? newSeed();
  const runs = planRuns(target, options);
  api.describe(`byosd conformance: ${adapterName(target)} (seed ${seed})`, () => {
    for (const group of SCENARIO_GROUPS) {
      const inGroup = runs.filter((run) => run.scenario.group === group);
      if (inGroup.length === 0) continue;
      api.describe(group, () => {
        for (const run of inGroup) {
          const title = `${run.scenario.name} [${run.mode}]`;
          if (run.skipReason !== undefined) {
            api.it.skip(`${title} (${run.skipReason})`, () => undefined);
            continue;
          }
          api.it(
            title,
            async () => {
              const result = await runScenario(run, { ...options, seed });
              if (result.status === 'failed') throw new Error(`${result.error ?? 'failed'}\n(replay with BYOSD_SEED=${seed})`);
            },
            TEST_TIMEOUT_MS,
          );
        }
      });
    }
  });
}
