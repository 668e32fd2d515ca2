import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { type FaultInjector } from '@byosd/simulators';
import { underFault } from './faulty-request.js';
import type { ChangeSource, Conversation, FlexBackend } from './flex-backend.js';
import { conversationJson, messageJson, participantJson } from './resource-json.js';
import { formInteger, formJson, formList, formValue, pageOf, parseParams, type TwilioHost } from './twilio-rest.js';
import type { WebhookDispatcher } from './webhook-dispatcher.js';

export const CONVERSATIONS_PREFIX = '/conversations';
export const CONVERSATIONS_HOST: TwilioHost = { prefix: CONVERSATIONS_PREFIX, origin: 'https://conversations.twilio.com' };

const conversationParams = z.object({ conversationSid: z.string() });
const participantParams = conversationParams.extend({ participantSid: z.string() });
const stateSchema = z.enum(['active', 'inactive', 'closed']);

const createConversationBody = z.object({
  FriendlyName: formValue.optional(),
  UniqueName: formValue.optional(),
  Attributes: formJson.optional(),
  State: formValue.pipe(stateSchema).optional(),
});
const updateConversationBody = createConversationBody.omit({ UniqueName: true });
const createParticipantBody = z.object({ Identity: formValue.pipe(z.string().min(1, 'is required')), Attributes: formJson.optional() });
const updateParticipantBody = z.object({ Attributes: formJson.optional(), LastReadMessageIndex: formInteger.optional() });
const createMessageBody = z.object({ Author: formValue.optional(), Body: formValue.default(''), Attributes: formJson.optional() });
const messagesQuery = z.looseObject({ Order: formValue.pipe(z.enum(['asc', 'desc'])).default('asc') });
const participantConversationsQuery = z.looseObject({ Identity: formValue.pipe(z.string().min(1, 'is required')) });
const webhookConfigurationBody = z.object({
  PostWebhookUrl: formValue.pipe(z.string().url()).optional(),
  Method: formValue.pipe(z.literal('POST', 'the simulator delivers by POST only')).optional(),
  Filters: formList.optional(),
  Target: formValue.pipe(z.enum(['webhook', 'flex'])).optional(),
});

/** Who made a REST write: the API, with webhooks only when the request asked for them. */
function apiSource(request: FastifyRequest): ChangeSource {
  return { source: 'API', webhooksEnabled: request.headers['x-twilio-webhook-enabled'] === 'true' };
}

/** The Conversations API (`https://conversations.twilio.com`), served under `/conversations`. */
export function conversationsRoutes(backend: FlexBackend, injector: FaultInjector, webhooks: WebhookDispatcher): (scope: FastifyInstance) => void {
  return (scope) => {
    const conversation = (request: FastifyRequest) => backend.conversation(parseParams(conversationParams, request.params).conversationSid);
    const json = (item: Conversation) => conversationJson(item, backend.accountSid, backend.chatServiceSid, CONVERSATIONS_HOST.origin);

    scope.get('/v1/Configuration/Webhooks', async () => webhooks.configurationJson(backend.accountSid));
    scope.post('/v1/Configuration/Webhooks', async (request) => {
      const body = parseParams(webhookConfigurationBody, request.body);
      webhooks.configure({ url: body.PostWebhookUrl, filters: body.Filters });
      return webhooks.configurationJson(backend.accountSid);
    });

    scope.post('/v1/Conversations', async (request, reply) => {
      const body = parseParams(createConversationBody, request.body);
      const created = backend.createConversation({
        friendlyName: body.FriendlyName,
        uniqueName: body.UniqueName,
        attributes: body.Attributes,
        state: body.State,
      });
      return reply.code(201).send(json(created));
    });
    scope.get('/v1/Conversations', async (request) => pageOf(request, CONVERSATIONS_HOST, 'conversations', [...backend.conversations.values()].map(json)));
    scope.get('/v1/Conversations/:conversationSid', async (request, reply) => underFault(injector, 'resume', reply, () => json(conversation(request))));
    scope.post('/v1/Conversations/:conversationSid', async (request, reply) => {
      const target = conversation(request);
      const body = parseParams(updateConversationBody, request.body);
      return underFault(injector, body.State === 'closed' ? 'end' : 'state', reply, () => {
        backend.update(target, { friendlyName: body.FriendlyName, attributes: body.Attributes });
        if (body.State) backend.setState(target, body.State, apiSource(request));
        return json(target);
      });
    });

    scope.get('/v1/Conversations/:conversationSid/Participants', async (request) => {
      const target = conversation(request);
      return pageOf(
        request,
        CONVERSATIONS_HOST,
        'participants',
        [...target.participants.values()].map((participant) => participantJson(participant, target, backend.accountSid, CONVERSATIONS_HOST.origin)),
      );
    });
    scope.post('/v1/Conversations/:conversationSid/Participants', async (request, reply) => {
      const target = conversation(request);
      const body = parseParams(createParticipantBody, request.body);
      const participant = backend.addParticipant(target, { identity: body.Identity, attributes: body.Attributes }, apiSource(request));
      return reply.code(201).send(participantJson(participant, target, backend.accountSid, CONVERSATIONS_HOST.origin));
    });
    scope.get('/v1/Conversations/:conversationSid/Participants/:participantSid', async (request) => {
      const target = conversation(request);
      const participant = backend.participant(target, parseParams(participantParams, request.params).participantSid);
      return participantJson(participant, target, backend.accountSid, CONVERSATIONS_HOST.origin);
    });
    scope.post('/v1/Conversations/:conversationSid/Participants/:participantSid', async (request, reply) => {
      const target = conversation(request);
      const participant = backend.participant(target, parseParams(participantParams, request.params).participantSid);
      const body = parseParams(updateParticipantBody, request.body);
      return underFault(injector, body.LastReadMessageIndex === undefined ? 'state' : 'read', reply, () => {
        backend.updateParticipant(target, participant, { attributes: body.Attributes, lastReadMessageIndex: body.LastReadMessageIndex }, apiSource(request));
        return participantJson(participant, target, backend.accountSid, CONVERSATIONS_HOST.origin);
      });
    });
    scope.delete('/v1/Conversations/:conversationSid/Participants/:participantSid', async (request, reply) => {
      const target = conversation(request);
      backend.removeParticipant(target, backend.participant(target, parseParams(participantParams, request.params).participantSid), apiSource(request));
      return reply.code(204).send();
    });

    scope.get('/v1/Conversations/:conversationSid/Messages', async (request) => {
      const target = conversation(request);
      const { Order: order } = parseParams(messagesQuery, request.query);
      const messages = order === 'asc' ? target.messages : [...target.messages].reverse();
      return pageOf(
        request,
        CONVERSATIONS_HOST,
        'messages',
        messages.map((message) => messageJson(message, target, backend.accountSid, CONVERSATIONS_HOST.origin)),
      );
    });
    scope.post('/v1/Conversations/:conversationSid/Messages', async (request, reply) => {
      const target = conversation(request);
      const body = parseParams(createMessageBody, request.body);
      return underFault(
        injector,
        'send',
        reply,
        () => {
          const message = backend.addMessage(target, { author: body.Author ?? 'system', body: body.Body, attributes: body.Attributes }, apiSource(request));
          return messageJson(message, target, backend.accountSid, CONVERSATIONS_HOST.origin);
        },
        201,
      );
    });

    scope.get('/v1/ParticipantConversations', async (request) => {
      const { Identity: identity } = parseParams(participantConversationsQuery, request.query);
      const rows = [...backend.conversations.values()].flatMap((item) =>
        [...item.participants.values()]
          .filter((participant) => participant.identity === identity)
          .map((participant) => ({
            account_sid: backend.accountSid,
            chat_service_sid: backend.chatServiceSid,
            participant_sid: participant.sid,
            participant_identity: participant.identity,
            conversation_sid: item.sid,
            conversation_unique_name: item.uniqueName,
            conversation_friendly_name: item.friendlyName,
            conversation_state: item.state,
            conversation_date_created: item.dateCreated.toISOString(),
          })),
      );
      return pageOf(request, CONVERSATIONS_HOST, 'conversations', rows);
    });
  };
}
