import { z } from 'zod';

/**
 * The Conversations webhook events this adapter acts on, as Twilio posts them (form fields, PascalCase, every
 * value a string). The webhook route publishes the verified fields to the desk, which parses them with these.
 */

const index = z.string().regex(/^\d+$/, 'must be a whole number').transform(Number);
const common = { AccountSid: z.string(), ConversationSid: z.string().min(1), Source: z.string().optional(), ClientIdentity: z.string().optional() };
const participantFields = { ...common, ParticipantSid: z.string().min(1), Identity: z.string().optional(), Attributes: z.string().default('{}') };

export const messageAddedSchema = z.object({
  ...common,
  EventType: z.literal('onMessageAdded'),
  MessageSid: z.string().min(1),
  Index: index,
  Author: z.string().default(''),
  Body: z.string().default(''),
  ParticipantSid: z.string().optional(),
  Attributes: z.string().default('{}'),
});

export const participantAddedSchema = z.object({ ...participantFields, EventType: z.literal('onParticipantAdded') });
export const participantUpdatedSchema = z.object({
  ...participantFields,
  EventType: z.literal('onParticipantUpdated'),
  LastReadMessageIndex: index.optional(),
});
export const participantRemovedSchema = z.object({ ...participantFields, EventType: z.literal('onParticipantRemoved') });

export const conversationStates = ['active', 'inactive', 'closed'] as const;
export const conversationStateUpdatedSchema = z.object({
  ...common,
  EventType: z.literal('onConversationStateUpdated'),
  StateFrom: z.enum(conversationStates),
  StateTo: z.enum(conversationStates),
  Reason: z.string().optional(),
});

export const conversationEventSchema = z.discriminatedUnion('EventType', [
  messageAddedSchema,
  participantAddedSchema,
  participantUpdatedSchema,
  participantRemovedSchema,
  conversationStateUpdatedSchema,
]);
export type ConversationEvent = z.output<typeof conversationEventSchema>;
export type ConversationEventType = ConversationEvent['EventType'];
export const CONVERSATION_EVENT_TYPES: readonly ConversationEventType[] = conversationEventSchema.options.map((option) => option.shape.EventType.value);

/** What every delivery must carry for the route to hand it to the right chat. */
export const eventEnvelopeSchema = z.object({ EventType: z.string().min(1), ConversationSid: z.string().min(1) });
