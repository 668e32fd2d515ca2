import type { AgentAvailability } from '@byosd/core';
import type { AgentAvailability as CarbonAgentAvailability } from '@carbon/ai-chat';

/**
 * byosd keeps IBM web chat's snake_case (`position_in_queue`, `estimated_wait_time`); Carbon 1.9 renamed them to
 * camelCase. Same meaning and units (wait in minutes), same priority when shown: wait, then position, then message.
 */
export function toCarbonAvailability(availability: AgentAvailability): CarbonAgentAvailability {
  return {
    ...(availability.position_in_queue === undefined ? {} : { positionInQueue: availability.position_in_queue }),
    ...(availability.estimated_wait_time === undefined ? {} : { estimatedWaitTime: availability.estimated_wait_time }),
    ...(availability.message === undefined ? {} : { message: availability.message }),
  };
}
