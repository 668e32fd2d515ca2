import * as z from 'zod/mini';

/**
 * Genesys Cloud's StructuredMessage, the body of every chat message and event on the Web Messaging guest API
 * (docs: shared/protocols/genesys-cloud-web-messaging.md). Response fields are `z.nullish()`: Genesys sends null
 * as often as it omits a field, and a field we do not read must never make a frame unreadable.
 */

export const MESSAGE_TYPES = ['Text', 'Event', 'Structured', 'Receipt'] as const;
export const DIRECTIONS = ['Inbound', 'Outbound'] as const;
export const PRESENCE_TYPES = ['Join', 'Disconnect', 'Clear', 'SignIn', 'SessionExpired'] as const;

/** Who sent an Outbound message, as the guest sees them. `id` is not in every deployment's frames. */
export const channelFromSchema = z.object({
  id: z.nullish(z.string()),
  nickname: z.nullish(z.string()),
  firstName: z.nullish(z.string()),
  lastName: z.nullish(z.string()),
  image: z.nullish(z.string()),
});
export type ChannelFrom = z.infer<typeof channelFromSchema>;

/** Key-value pairs that land in the conversation's participant data; strings only. */
export const customAttributesSchema = z.record(z.string(), z.string());

/**
 * Deployments put `time` and `messageId` on every Outbound message and event, but clients must not depend on it:
 * the documented examples and older captures have events with no `channel` at all.
 */
export const channelSchema = z.object({
  time: z.nullish(z.string()),
  messageId: z.nullish(z.string()),
  /** `Private` on text messages as deployments send them. */
  type: z.nullish(z.string()),
  from: z.nullish(channelFromSchema),
  to: z.nullish(channelFromSchema),
  metadata: z.nullish(z.object({ customAttributes: z.nullish(customAttributesSchema) })),
});

export const typingEventSchema = z.object({
  eventType: z.literal('Typing'),
  typing: z.object({ type: z.enum(['On', 'Off']), duration: z.nullish(z.number()) }),
});

export const presenceEventSchema = z.object({
  eventType: z.literal('Presence'),
  presence: z.object({ type: z.enum(PRESENCE_TYPES) }),
});

export const coBrowseEventSchema = z.object({ eventType: z.literal('CoBrowse'), coBrowse: z.unknown() });

export const messageEventSchema = z.discriminatedUnion('eventType', [typingEventSchema, presenceEventSchema, coBrowseEventSchema]);

/** A message or event as the server sends it (and as the history endpoint lists it). */
export const structuredMessageSchema = z.object({
  id: z.string().check(z.minLength(1)),
  type: z.enum(MESSAGE_TYPES),
  direction: z.enum(DIRECTIONS),
  text: z.nullish(z.string()),
  channel: z.nullish(channelSchema),
  events: z.nullish(z.array(messageEventSchema)),
  content: z.nullish(z.array(z.unknown())),
  /** Inbound: echoes the guest's `metadata` (the `customMessageId`); Outbound: e.g. `{ readOnly: "true" }`. */
  metadata: z.nullish(z.record(z.string(), z.string())),
  /** `Human` or `Bot` on Outbound messages; Inbound ones have been captured with an empty string. */
  originatingEntity: z.nullish(z.enum(['Human', 'Bot', ''])),
});
export type StructuredMessage = z.infer<typeof structuredMessageSchema>;

/** A message as the guest sends it in `onMessage` or `echo`. */
export const guestMessageSchema = z.object({
  type: z.enum(['Text', 'Event', 'Structured']),
  text: z.optional(z.string()),
  events: z.optional(z.array(messageEventSchema)),
  channel: z.optional(z.object({ metadata: z.optional(z.object({ customAttributes: z.optional(customAttributesSchema) })) })),
  /** `customMessageId` here comes back in the Inbound echo and in the history, which makes sends checkable. */
  metadata: z.optional(z.record(z.string(), z.string())),
});
export type GuestMessage = z.infer<typeof guestMessageSchema>;
