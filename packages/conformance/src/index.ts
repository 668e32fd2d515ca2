/**
 * @byosd/conformance: what "an adapter works" means. Scenarios are plain async functions, run by the jest
 * binding (`runConformance(target)` in an adapter's test file) or the standalone runner (`runSuite`, behind
 * `byosd conformance`). Each group is exported on its own too.
 *
 * @module @byosd/conformance
 */
export * from './scenario.js';
export * from './result.js';
export { type ChatUnderTest, type NewChatOptions, AVAILABILITY_TIMEOUT_MS } from './chat-under-test.js';
export { createRecordingCallback, type RecordingCallback } from './recording-callback.js';
export { adapterName, planRuns, runLabel, skipReason, type PlanOptions, type PlannedRun } from './plan.js';
export { runScenario, type RunScenarioOptions } from './run-scenario.js';
export { runSuite, type SuiteOptions } from './run-suite.js';
export { runConformance, type RunConformanceOptions, type TestApi } from './run-conformance.js';
export { loadConformanceTarget, looksLikeModulePath } from './resolve-target.js';
export * from './scenarios/index.js';
export * from './steps.js';
export * from './transcript.js';
export { toJsonReport, type JsonReport } from './reporters/json-report.js';
export { toJunitXml } from './reporters/junit-report.js';
export { formatMatrix, formatProgress } from './reporters/matrix.js';
// The harness contract: what an adapter's test bed gives the suite (a backend, its agent, its faults).
export * from './harness/agent-driver.js';
export * from './harness/backend-faults.js';
export * from './harness/conformance-target.js';
export * from './harness/fault-control.js';
export * from './harness/plugin-desk.js';
export * from './harness/seed.js';
