import { performance } from 'node:perf_hooks';
import { withTimeout } from '@byosd/core';
import type { ConformanceHarness } from './harness/conformance-target.js';
import type { PlannedRun } from './plan.js';
import type { ScenarioResult } from './result.js';
import { createScenarioContext } from './scenario-context.js';

/** How `runScenario` runs one scenario. */
export interface RunScenarioOptions {
  /** Seeds the harness's faults. */
  seed: number;
  /** How long to wait for any one expected event. Default 3000 ms. */
  eventTimeoutMs?: number;
  /** The bound on the whole scenario. Default 15 000 ms. */
  scenarioTimeoutMs?: number;
}

/** The bound on setting up and tearing down a harness, and on ending each chat afterwards. */
const HOUSEKEEPING_TIMEOUT_MS = 5000;

/** Runs one planned scenario on a fresh harness, and always tears it down. Never throws: failures are results. */
export async function runScenario(run: PlannedRun, options: RunScenarioOptions): Promise<ScenarioResult> {
  const base = { adapter: run.adapter, scenario: run.scenario.name, group: run.scenario.group, mode: run.mode };
  if (run.skipReason !== undefined) return { ...base, status: 'skipped', durationMs: 0, error: run.skipReason };
  const startedAt = performance.now();
  let harness: ConformanceHarness | undefined;
  let failure: unknown;
  let cleanup: () => Promise<unknown> = async () => undefined;
  try {
    harness = await withTimeout(run.target.setup({ seed: options.seed }), HOUSEKEEPING_TIMEOUT_MS, `setting up the harness of "${run.adapter}"`);
    const { context, chats } = createScenarioContext(run, harness, options.eventTimeoutMs ?? 3000);
    cleanup = () => Promise.all(chats.map((chat) => withTimeout(chat.close(), HOUSEKEEPING_TIMEOUT_MS, 'ending a chat').catch(() => undefined)));
    await withTimeout(run.scenario.run(context), options.scenarioTimeoutMs ?? 15_000, 'the scenario');
  } catch (error) {
    failure = error;
  } finally {
    await cleanup();
    await harness?.teardown().catch(() => undefined);
  }
  const durationMs = Math.round(performance.now() - startedAt);
  return failure === undefined ? { ...base, status: 'passed', durationMs } : { ...base, status: 'failed', durationMs, error: describeFailure(failure) };
}

/** The failure's message; a ServiceDeskError's code first (TIMEOUT, CHAT_ENDED...). Works across realms. */
function describeFailure(error: unknown): string {
  if (typeof error !== 'object' || error === null || !('message' in error)) return String(error);
  const { message, code, name } = error as { message: unknown; code?: unknown; name?: unknown };
  return `${name === 'ServiceDeskError' && typeof code === 'string' ? `${code}: ` : ''}${String(message)}`;
}
