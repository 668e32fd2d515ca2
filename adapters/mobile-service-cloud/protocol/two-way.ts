import { createHash } from 'node:crypto';
import { z } from 'zod';

/**
 * The router's TwoWay message exchange (developers.cm.com, "router TwoWay format"): an adapter posts to
 * `/conversational/twoway/v1/accounts/{BotRouterAccountId}/adapters/{AdapterId}` with the `X-Cm-Producttoken`
 * header; the router posts to an adapter's message webhook the same way, and a receiving webhook answers
 * `201 Created`. The body below is this integration's reading of the format: its field names are documented
 * assumptions (README).
 */
export const PRODUCT_TOKEN_HEADER = 'x-cm-producttoken';

export function twoWayPath(botRouterAccountId: string, adapterId: string): string {
  return `/conversational/twoway/v1/accounts/${encodeURIComponent(botRouterAccountId)}/adapters/${encodeURIComponent(adapterId)}`;
}

export const TWO_WAY_ROUTE = '/conversational/twoway/v1/accounts/:accountId/adapters/:adapterId';

/** What the MSC side tells the channel about the conversation, besides text and typing. */
export const twoWayEventNames = ['agentJoined', 'agentLeft', 'transferStarted', 'conversationEnded'] as const;
export type TwoWayEventName = (typeof twoWayEventNames)[number];

export const twoWayAgentSchema = z.object({ Id: z.string().min(1), Name: z.string().min(1) });

const twoWayBase = {
  /** The sender's id of this message: the receiver drops one it has seen. */
  Id: z.string().min(1),
  ChatId: z.string().min(1),
  Channel: z.string().min(1),
  From: z.string().min(1),
  To: z.string().min(1),
  Timestamp: z.iso.datetime(),
  /** Set by the router on what it delivers: numbers the deliveries of each conversation 1, 2, 3... so a receiver can restore their order. */
  Sequence: z.number().int().positive().optional(),
};

export const twoWayMessageSchema = z.discriminatedUnion('Type', [
  /** The channel hands the conversation over: `Text` is the end user's question, which the agent sees first. */
  z.object({ ...twoWayBase, Type: z.literal('handover'), Text: z.string().min(1) }),
  z.object({ ...twoWayBase, Type: z.literal('text'), Text: z.string().min(1), Agent: twoWayAgentSchema.optional() }),
  z.object({ ...twoWayBase, Type: z.literal('typing'), IsTyping: z.boolean() }),
  z.object({ ...twoWayBase, Type: z.literal('event'), Event: z.enum(twoWayEventNames), Agent: twoWayAgentSchema.optional() }),
]);
export type TwoWayMessage = z.infer<typeof twoWayMessageSchema>;

/**
 * The router's ChatId: a GUID derived from channel, from and to, so that the same end user on the same channel
 * always lands in the same chat (the derivation itself is not published; this one is a name-based UUID over SHA-1).
 */
export function deriveChatId(channel: string, from: string, to: string): string {
  const hash = createHash('sha1').update(`${channel}\u0000${from}\u0000${to}`).digest();
  hash[6] = ((hash[6] ?? 0) & 0x0f) | 0x50;
  hash[8] = ((hash[8] ?? 0) & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
