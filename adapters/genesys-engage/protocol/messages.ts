import * as z from 'zod/mini';

/** Who takes part in a chat. */
export const PARTICIPANT_TYPES = ['Customer', 'Agent', 'External', 'System'] as const;
export type ParticipantType = (typeof PARTICIPANT_TYPES)[number];

/** What a chat message is. */
export const MESSAGE_TYPES = ['Text', 'ParticipantJoined', 'ParticipantLeft', 'ParticipantRejoined', 'TypingStarted', 'TypingStopped'] as const;
export type MessageType = (typeof MESSAGE_TYPES)[number];

/** WaitingForAgent: queued; Chatting: an agent is in the chat; Idle: the chat is over. */
export const CHAT_STATES = ['WaitingForAgent', 'Chatting', 'Idle'] as const;
export type ChatState = (typeof CHAT_STATES)[number];

export const participantSchema = z.object({
  nickname: z.string(),
  participantId: z.string().check(z.minLength(1)),
  type: z.enum(PARTICIPANT_TYPES),
});
export type Participant = z.infer<typeof participantSchema>;

/** One entry of a chat's transcript. `index` is monotonic per chat; `text` is set on Text messages. */
export const chatMessageSchema = z.object({
  from: participantSchema,
  index: z.int().check(z.nonnegative()),
  type: z.enum(MESSAGE_TYPES),
  text: z.optional(z.string()),
  utcTime: z.optional(z.number()),
});
export type ChatMessage = z.infer<typeof chatMessageSchema>;
