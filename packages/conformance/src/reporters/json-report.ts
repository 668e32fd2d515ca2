import { SPEC_VERSION } from '@byosd/core';
import type { ScenarioResult, SuiteReport } from '../result.js';

/** The JSON report: `{ specVersion, seed, results: [{ adapter, scenario, group, mode, status, durationMs, error? }] }`. */
export interface JsonReport {
  specVersion: typeof SPEC_VERSION;
  seed: number;
  results: ScenarioResult[];
}

/** A suite report as JSON, for machines (CI, dashboards). */
export function toJsonReport(report: SuiteReport): JsonReport {
  return { specVersion: SPEC_VERSION, seed: report.seed, results: report.results };
}
