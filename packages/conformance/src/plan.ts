import type { CapabilityManifest } from '@byosd/core';
import type { ConformanceTarget } from './harness/conformance-target.js';
import { ALL_SCENARIOS } from './scenarios/index.js';
import { CHAT_MODES, type ChatMode, type Scenario } from './scenario.js';

/** Which scenarios a run covers. */
export interface PlanOptions {
  /** Default: every scenario. */
  scenarios?: readonly Scenario[];
  /** Only scenarios whose "group: name [mode]" matches. */
  grep?: RegExp | string;
  /** Default: both. */
  modes?: readonly ChatMode[];
}

/** One scenario in one mode for one target, with the reason to skip it when it does not apply. */
export interface PlannedRun {
  target: ConformanceTarget;
  adapter: string;
  scenario: Scenario;
  mode: ChatMode;
  skipReason?: string;
}

/** The name of the adapter a target tests. */
export function adapterName(target: ConformanceTarget): string {
  return target.name ?? target.plugin.name;
}

/** The label of a run, as reports and `grep` see it. */
export function runLabel(scenario: Scenario, mode: ChatMode): string {
  return `${scenario.group}: ${scenario.name} [${mode}]`;
}

/** Why `scenario` does not apply to an adapter with these capabilities, or undefined when it does. */
export function skipReason(scenario: Scenario, capabilities: CapabilityManifest, injectsFaults: boolean): string | undefined {
  const missing = (scenario.requires ?? []).filter((capability) => !capabilities[capability]);
  if (missing.length > 0) return `capability not declared: ${missing.join(', ')}`;
  if (scenario.needsFaults && !injectsFaults) return 'the harness cannot inject faults';
  return undefined;
}

/** Every run of the plan, skipped ones included, in group order. */
export function planRuns(target: ConformanceTarget, options: PlanOptions = {}): PlannedRun[] {
  const grep = typeof options.grep === 'string' ? new RegExp(options.grep, 'i') : options.grep;
  const modes = options.modes ?? CHAT_MODES;
  const adapter = adapterName(target);
  return (options.scenarios ?? ALL_SCENARIOS).flatMap((scenario) =>
    modes
      .filter((mode) => (scenario.modes ?? CHAT_MODES).includes(mode))
      .filter((mode) => grep === undefined || grep.test(runLabel(scenario, mode)))
      .map((mode) => {
        const reason = skipReason(scenario, target.plugin.capabilities, target.injectsFaults ?? false);
        return { target, adapter, scenario, mode, ...(reason === undefined ? {} : { skipReason: reason }) };
      }),
  );
}
