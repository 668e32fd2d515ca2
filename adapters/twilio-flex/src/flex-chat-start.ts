import { ErrorCode, type Logger, ServiceDeskError } from '@byosd/core';
import { z } from 'zod';
import type { TwilioFlexApi } from './twilio-flex-api.js';
import type { TwilioFlexOptions } from './twilio-flex-options.js';
import { twilioErrorCode } from './twilio-rest-client.js';

/** A chat that Flex accepted: the conversation, the customer in it, and the interaction when there is one. */
export const flexChatSchema = z.object({
  conversationSid: z.string(),
  participantSid: z.string(),
  identity: z.string(),
  interaction: z.object({ sid: z.string(), channelSid: z.string() }).optional(),
});
export type FlexChat = z.output<typeof flexChatSchema>;

export interface FlexChatRequest {
  /** The customer's identity: unique per chat, so that a failed start can find what it created. */
  identity: string;
  customerName: string;
  /** The question for the agent: the conversation's friendly name and a task attribute. */
  topic: string;
  preEngagementData?: Record<string, unknown>;
}

/** Twilio's "not found". */
const NOT_FOUND = 20404;

/**
 * Starts a chat in Flex, as `options.startMode` says: through a Flex web-chat address (one call that creates the
 * conversation, the customer and the task), or by creating the conversation and the customer, then handing it to
 * Flex with an Interaction. When a step fails, whatever was created is closed again before the error is rethrown.
 */
export async function startFlexChat(api: TwilioFlexApi, options: TwilioFlexOptions, request: FlexChatRequest, logger: Logger): Promise<FlexChat> {
  try {
    return options.startMode === 'web-chats' ? await startThroughWebChat(api, options, request) : await startThroughInteraction(api, options, request);
  } catch (error) {
    await closeWhatStartLeft(api, options, request.identity).catch((cleanupError: unknown) =>
      logger.error({ identity: request.identity, err: cleanupError }, 'A failed Flex start may have left a conversation open'),
    );
    throw error;
  }
}

async function startThroughWebChat(api: TwilioFlexApi, options: TwilioFlexOptions, request: FlexChatRequest): Promise<FlexChat> {
  if (!options.addressSid) throw new ServiceDeskError(ErrorCode.INVALID_OPTIONS, 'addressSid is required when startMode is "web-chats"');
  const webChat = await api.createWebChat({
    addressSid: options.addressSid,
    identity: request.identity,
    chatFriendlyName: request.topic,
    customerFriendlyName: request.customerName,
    ...(request.preEngagementData ? { preEngagementData: JSON.stringify(request.preEngagementData) } : {}),
  });
  const customer = (await api.listParticipants(webChat.conversation_sid)).find((participant) => participant.identity === webChat.identity);
  if (!customer)
    throw new ServiceDeskError(ErrorCode.PROTOCOL_ERROR, `Flex created conversation ${webChat.conversation_sid} without the customer ${webChat.identity}`);
  return { conversationSid: webChat.conversation_sid, participantSid: customer.sid, identity: webChat.identity };
}

async function startThroughInteraction(api: TwilioFlexApi, options: TwilioFlexOptions, request: FlexChatRequest): Promise<FlexChat> {
  if (!options.workflowSid) throw new ServiceDeskError(ErrorCode.INVALID_OPTIONS, 'workflowSid is required when startMode is "interactions"');
  // The unique name lets a failed start find the conversation even when its creation's answer was lost.
  const conversation = await api.createConversation(request.topic, request.identity);
  const customer = await api.addParticipant(conversation.sid, request.identity, { member_type: 'guest', friendly_name: request.customerName });
  const interaction = await api.createInteraction(conversation.sid, options.workflowSid, {
    conversationSid: conversation.sid,
    customerName: request.customerName,
    topic: request.topic,
    ...(request.preEngagementData ? { pre_engagement_data: request.preEngagementData } : {}),
  });
  return {
    conversationSid: conversation.sid,
    participantSid: customer.sid,
    identity: request.identity,
    interaction: { sid: interaction.sid, channelSid: interaction.channel.sid },
  };
}

/**
 * Closes every conversation a failed start may have created: those the customer's identity takes part in, and
 * (interactions) the one named after it. Closing the conversation also ends its Flex task.
 */
async function closeWhatStartLeft(api: TwilioFlexApi, options: TwilioFlexOptions, identity: string): Promise<void> {
  const open = new Set<string>();
  for (const conversation of await api.conversationsOf(identity).catch(() => [])) {
    if (conversation.conversation_state !== 'closed') open.add(conversation.conversation_sid);
  }
  if (options.startMode === 'interactions') {
    const named = await api.fetchConversation(identity).catch((error: unknown) => {
      if (twilioErrorCode(error) === NOT_FOUND) return undefined;
      throw error;
    });
    if (named && named.state !== 'closed') open.add(named.sid);
  }
  await Promise.all([...open].map((sid) => api.rest.withRetry(() => api.closeConversation(sid))));
}
