import { z } from 'zod';

/**
 * Genesys Cloud's StructuredMessage, the body of every chat message and event on the Web Messaging guest API
 * (docs: shared/protocols/genesys-cloud-web-messaging.md). Response fields are `.nullish()`: Genesys sends null
 * as often as it omits a field, and a field we do not read must never make a frame unreadable.
 */

export const MESSAGE_TYPES = ['Text', 'Event', 'Structured', 'Receipt'] as const;
export const DIRECTIONS = ['Inbound', 'Outbound'] as const;
export const PRESENCE_TYPES = ['Join', 'Disconnect', 'Clear', 'SignIn', 'SessionExpired'] as const;

/** Who sent an Outbound message, as the guest sees them. `id` is not in every deployment's frames. */
export const channelFromSchema = z.object({
  id: z.string().nullish(),
  nickname: z.string().nullish(),
  firstName: z.string().nullish(),
  lastName: z.string().nullish(),
  image: z.string().nullish(),
});
export type ChannelFrom = z.infer<typeof channelFromSchema>;

/** Key-value pairs that land in the conversation's participant data; strings only. */
export const customAttributesSchema = z.record(z.string(), z.string());

export const channelSchema = z.object({
  time: z.string().nullish(),
  messageId: z.string().nullish(),
  from: channelFromSchema.nullish(),
  metadata: z.object({ customAttributes: customAttributesSchema.nullish() }).nullish(),
});

export const typingEventSchema = z.object({
  eventType: z.literal('Typing'),
  typing: z.object({ type: z.enum(['On', 'Off']), duration: z.number().nullish() }),
});

export const presenceEventSchema = z.object({
  eventType: z.literal('Presence'),
  presence: z.object({ type: z.enum(PRESENCE_TYPES) }),
});

export const coBrowseEventSchema = z.object({ eventType: z.literal('CoBrowse'), coBrowse: z.unknown() });

export const messageEventSchema = z.discriminatedUnion('eventType', [typingEventSchema, presenceEventSchema, coBrowseEventSchema]);

/** A message or event as the server sends it (and as the history endpoint lists it). */
export const structuredMessageSchema = z.object({
  id: z.string().min(1),
  type: z.enum(MESSAGE_TYPES),
  direction: z.enum(DIRECTIONS),
  text: z.string().nullish(),
  channel: channelSchema.nullish(),
  events: z.array(messageEventSchema).nullish(),
  content: z.array(z.unknown()).nullish(),
  /** Inbound: echoes the guest's `metadata` (the `customMessageId`); Outbound: e.g. `{ readOnly: "true" }`. */
  metadata: z.record(z.string(), z.string()).nullish(),
  originatingEntity: z.enum(['Human', 'Bot']).nullish(),
});
export type StructuredMessage = z.infer<typeof structuredMessageSchema>;

/** A message as the guest sends it in `onMessage` or `echo`. */
export const guestMessageSchema = z.object({
  type: z.enum(['Text', 'Event', 'Structured']),
  text: z.string().optional(),
  events: z.array(messageEventSchema).optional(),
  channel: z.object({ metadata: z.object({ customAttributes: customAttributesSchema.optional() }).optional() }).optional(),
  /** `customMessageId` here comes back in the Inbound echo and in the history, which makes sends checkable. */
  metadata: z.record(z.string(), z.string()).optional(),
});
export type GuestMessage = z.infer<typeof guestMessageSchema>;
