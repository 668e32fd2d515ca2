import { z } from 'zod';

/**
 * The REST answers this adapter reads (snake_case JSON), with only the fields it uses. Twilio's own schemas make
 * nearly every field nullable, so these are lenient where it does not matter.
 */

export const conversationStateSchema = z.enum(['active', 'inactive', 'closed']);

export const conversationSchema = z.object({ sid: z.string(), state: conversationStateSchema, friendly_name: z.string().nullish() });
export type ConversationResource = z.output<typeof conversationSchema>;

export const participantSchema = z.object({
  sid: z.string(),
  identity: z.string().nullish(),
  attributes: z.string().nullish(),
  last_read_message_index: z.number().int().nullish(),
});
export type ParticipantResource = z.output<typeof participantSchema>;

export const messageSchema = z.object({
  sid: z.string(),
  index: z.number().int().nonnegative(),
  author: z.string().nullish(),
  body: z.string().nullish(),
  participant_sid: z.string().nullish(),
  attributes: z.string().nullish(),
});
export type MessageResource = z.output<typeof messageSchema>;

export const participantConversationSchema = z.object({ conversation_sid: z.string(), conversation_state: conversationStateSchema.nullish() });

export const webChatSchema = z.object({ conversation_sid: z.string(), identity: z.string() });

export const interactionSchema = z.object({ sid: z.string(), channel: z.object({ sid: z.string() }) });

export const realTimeStatisticsSchema = z.object({ total_available_workers: z.number().int().nullish(), total_eligible_workers: z.number().int().nullish() });

export const cumulativeStatisticsSchema = z.object({ avg_task_acceptance_time: z.number().nullish() });

export const taskSchema = z.object({ sid: z.string(), attributes: z.string(), assignment_status: z.string(), date_created: z.string() });

export const pageMetaSchema = z.object({ next_page_url: z.string().nullish(), key: z.string() });

/** Twilio's error body: `{ code, message, more_info, status }`. */
export const twilioErrorBodySchema = z.object({ code: z.number().int(), message: z.string(), more_info: z.string().optional(), status: z.number().int() });
