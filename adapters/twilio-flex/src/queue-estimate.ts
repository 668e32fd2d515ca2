import type { AgentAvailability } from '@byosd/core';

export interface QueueStatistics {
  /** The SIDs of the queue's pending tasks, oldest first, each with the conversation it routes. */
  pendingConversationSids: readonly string[];
  /** CumulativeStatistics' `avg_task_acceptance_time` in seconds, when TaskRouter has one. */
  averageAcceptanceSeconds: number | null | undefined;
}

/**
 * TaskRouter has no queue position or wait time, so they are derived:
 * - position = 1 + the pending tasks of the queue created before ours (`Ordering=DateCreated:asc`);
 * - estimated wait (minutes) = round(position × avg_task_acceptance_time / 60), at least 1 when there is an
 *   average; left out when TaskRouter has none.
 * Undefined while our task is not pending (reserved for an agent already, or not found).
 */
export function estimateQueue(statistics: QueueStatistics, conversationSid: string): AgentAvailability | undefined {
  const ahead = statistics.pendingConversationSids.indexOf(conversationSid);
  if (ahead < 0) return undefined;
  const position = ahead + 1;
  const average = statistics.averageAcceptanceSeconds;
  if (average === null || average === undefined) return { position_in_queue: position };
  return { position_in_queue: position, estimated_wait_time: Math.max(1, Math.round((position * average) / 60)) };
}
