import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { type FaultInjector } from '@byosd/simulators';
import { underFault } from './faulty-request.js';
import type { FlexBackend } from './flex-backend.js';
import { newSid } from './twilio-ids.js';
import { formValue, parseParams, publicRequestUrl, publicUrl, TwilioApiError, type TwilioHost } from './twilio-rest.js';

export const FLEX_PREFIX = '/flex-api';
const FLEX_HOST: TwilioHost = { prefix: FLEX_PREFIX, origin: 'https://flex-api.twilio.com' };

const webChatBody = z.object({
  AddressSid: formValue,
  ChatFriendlyName: formValue.optional(),
  ChatUniqueName: formValue.optional(),
  CustomerFriendlyName: formValue.optional(),
  PreEngagementData: formValue.optional(),
  Identity: formValue.optional(),
});

const jsonText = <S extends z.ZodType>(schema: S) =>
  formValue
    .transform((text, context) => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        context.addIssue({ code: 'custom', message: 'must be JSON' });
        return z.NEVER;
      }
    })
    .pipe(schema);

const interactionBody = z.object({
  Channel: jsonText(z.object({ type: z.string(), initiated_by: z.string().optional(), properties: z.object({ media_channel_sid: z.string() }) })),
  Routing: jsonText(
    z.object({
      properties: z.object({
        workspace_sid: z.string(),
        workflow_sid: z.string(),
        task_channel_unique_name: z.string().optional(),
        attributes: z.record(z.string(), z.unknown()).optional(),
      }),
    }),
  ),
});
const channelParams = z.object({ interactionSid: z.string(), channelSid: z.string() });
const channelUpdateBody = z.object({ Status: formValue.pipe(z.enum(['closed', 'wrapup'])) });

/**
 * The Flex API (`https://flex-api.twilio.com`), served under `/flex-api`: web chats through a Flex address, and
 * Interactions that hand an existing conversation to Flex. Both create a pending TaskRouter task.
 */
export function flexRoutes(backend: FlexBackend, injector: FaultInjector): (scope: FastifyInstance) => void {
  return (scope) => {
    scope.post('/v2/WebChats', async (request, reply) => {
      const body = parseParams(webChatBody, request.body);
      if (body.AddressSid !== backend.addressSid)
        throw new TwilioApiError(404, 20404, `The requested resource /Configuration/Addresses/${body.AddressSid} was not found`);
      return underFault(
        injector,
        'start',
        reply,
        () => {
          const identity = body.Identity ?? newSid('');
          const conversation = backend.createConversation({
            friendlyName: body.ChatFriendlyName ?? 'Web chat',
            ...(body.ChatUniqueName ? { uniqueName: body.ChatUniqueName } : {}),
          });
          backend.addParticipant(
            conversation,
            { identity, attributes: JSON.stringify({ member_type: 'guest', friendly_name: body.CustomerFriendlyName ?? identity }) },
            { source: 'API', webhooksEnabled: false },
          );
          backend.routeToFlex(conversation, identity, {
            channelType: 'web',
            customerName: body.CustomerFriendlyName ?? identity,
            ...(body.PreEngagementData ? { pre_engagement_data: body.PreEngagementData } : {}),
          });
          return { conversation_sid: conversation.sid, identity };
        },
        201,
      );
    });

    scope.post('/v1/Interactions', async (request, reply) => {
      const { Channel: channel, Routing: routing } = parseParams(interactionBody, request.body);
      const conversation = backend.conversation(channel.properties.media_channel_sid);
      if (routing.properties.workspace_sid !== backend.workspaceSid || routing.properties.workflow_sid !== backend.workflowSid) {
        throw new TwilioApiError(400, 20001, 'Invalid parameter Routing: unknown workspace_sid or workflow_sid');
      }
      return underFault(injector, 'start', reply, () => {
        const customer = [...conversation.participants.values()][0];
        if (!customer) throw new TwilioApiError(400, 20001, `Invalid parameter Channel: conversation ${conversation.sid} has no participant`);
        const interaction = { sid: newSid('KD'), channelSid: newSid('UO') };
        const task = backend.routeToFlex(conversation, customer.identity, routing.properties.attributes ?? {}, interaction);
        return {
          sid: interaction.sid,
          channel: { type: channel.type, sid: interaction.channelSid, properties: channel.properties },
          routing: { properties: { ...routing.properties, task_sid: task.sid } },
          interaction_context_sid: null,
          url: publicUrl(FLEX_HOST, `/v1/Interactions/${interaction.sid}`),
          links: { channels: publicUrl(FLEX_HOST, `/v1/Interactions/${interaction.sid}/Channels`) },
        };
      });
    });

    scope.post('/v1/Interactions/:interactionSid/Channels/:channelSid', async (request, reply) => {
      const { interactionSid, channelSid } = parseParams(channelParams, request.params);
      const { Status: status } = parseParams(channelUpdateBody, request.body);
      const conversation = backend.chats().find((chat) => chat.flex?.interaction?.sid === interactionSid && chat.flex.interaction.channelSid === channelSid);
      if (!conversation) throw new TwilioApiError(404, 20404, `The requested resource /Interactions/${interactionSid}/Channels/${channelSid} was not found`);
      return underFault(injector, 'end', reply, () => {
        // Closing the interaction channel closes its conversation and ends its tasks.
        if (status === 'closed') backend.setState(conversation, 'closed', { source: 'API', webhooksEnabled: false });
        return { sid: channelSid, interaction_sid: interactionSid, type: 'web', status, url: publicRequestUrl(FLEX_HOST, request) };
      });
    });
  };
}
