import type { ChatMode, ScenarioGroup } from './scenario.js';

/** How a scenario ended. */
export type ScenarioStatus = 'passed' | 'failed' | 'skipped';

/** The outcome of one scenario, in one mode, for one adapter. */
export interface ScenarioResult {
  adapter: string;
  scenario: string;
  group: ScenarioGroup;
  mode: ChatMode;
  status: ScenarioStatus;
  durationMs: number;
  /** Why it failed, or why it was skipped. */
  error?: string;
}

/** A whole run: every result, and the seed that replays it. */
export interface SuiteReport {
  seed: number;
  results: ScenarioResult[];
  durationMs: number;
}
