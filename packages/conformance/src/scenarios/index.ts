import type { Scenario } from '../scenario.js';
import { availabilityScenarios } from './availability.js';
import { errorsAndFaultsScenarios } from './errors-and-faults.js';
import { isolationScenarios } from './isolation.js';
import { lifecycleScenarios } from './lifecycle.js';
import { messagingScenarios } from './messaging.js';
import { resumeScenarios } from './resume.js';
import { transferScenarios } from './transfer.js';
import { typingAndReceiptsScenarios } from './typing-and-receipts.js';

export {
  availabilityScenarios,
  errorsAndFaultsScenarios,
  isolationScenarios,
  lifecycleScenarios,
  messagingScenarios,
  resumeScenarios,
  transferScenarios,
  typingAndReceiptsScenarios,
};

/** Every scenario, group by group. */
export const ALL_SCENARIOS: readonly Scenario[] = [
  ...lifecycleScenarios,
  ...messagingScenarios,
  ...typingAndReceiptsScenarios,
  ...availabilityScenarios,
  ...transferScenarios,
  ...errorsAndFaultsScenarios,
  ...resumeScenarios,
  ...isolationScenarios,
];
