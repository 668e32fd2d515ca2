import { formatZodIssues, safeParseWithMessages } from '@byosd/core';
import { type FaultInjector, httpFaultResponse } from '@byosd/simulators';
import { type RequestFault } from '@byosd/conformance';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type * as z from 'zod/mini';
import {
  CHATS_PATH,
  chatOperationBodySchema,
  type ChatMessage,
  CONTACT_CENTER_ID_HEADER,
  GWS_STATUS,
  MAX_MESSAGE_TEXT_LENGTH,
  ME_CHAT_PATH,
  messagesQuerySchema,
  requestChatBodySchema,
} from '../protocol/index.js';
import { badRequest, dropConnection, forbidden, GwsError, neverReply, notFound, sendGwsError } from './gws-errors.js';
import type { GwsChat, GwsChatStore } from './gws-chat-store.js';
import type { PollFault, PollFaults } from './poll-faults.js';

export interface CustomerRoutesContext {
  store: GwsChatStore;
  /** The contact centres this GWS serves. */
  contactCenterIds: ReadonlySet<string>;
  injector: FaultInjector;
  pollFaults: PollFaults;
  /** Told of every messages poll as it arrives: the chat and the `index` it named, if any. */
  polled(chatId: string, index: number | undefined): void;
}

const CHAT_CAPABILITIES = ['SendMessage', 'SendStartTypingNotification', 'SendStopTypingNotification', 'Complete'];

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function parse<S extends z.core.$ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const parsed = safeParseWithMessages(schema, value);
  if (!parsed.success) throw badRequest(`Invalid ${what}: ${formatZodIssues(parsed.error)}`);
  return parsed.data;
}

/** The answer to a request that a fault refuses before it is processed, in GWS's shape. */
function refusal(fault: PollFault | RequestFault): GwsError | undefined {
  if (fault.type === 'unavailable-retry-after') {
    return new GwsError(503, GWS_STATUS.INTERNAL_ERROR, 'Service unavailable (injected fault)', {
      'retry-after': String(Math.ceil(fault.retryAfterMs / 1000)),
    });
  }
  const answer = httpFaultResponse(fault);
  if (!answer) return undefined;
  return new GwsError(answer.status, answer.status === 429 ? GWS_STATUS.TOO_MANY_REQUESTS : GWS_STATUS.INTERNAL_ERROR, answer.body.message, answer.headers);
}

/**
 * The GWS customer chat API, under both path spellings (`/api/v2/chats/...` and the customer "me" resource
 * `/api/v2/me/chat/...`): anonymous requests only, each naming a contact centre this GWS serves; CORS for pages on
 * other origins (with credentials, and Retry-After readable by the page).
 */
export function registerCustomerRoutes(app: FastifyInstance, context: CustomerRoutesContext): void {
  const { store, injector, pollFaults } = context;

  app.addHook('onRequest', async (request, reply) => {
    if (!request.url.startsWith('/api/')) return;
    const origin = request.headers.origin;
    reply.headers({
      'access-control-allow-origin': origin ?? '*',
      'access-control-expose-headers': 'Retry-After',
      vary: 'Origin',
      ...(origin ? { 'access-control-allow-credentials': 'true' } : {}),
    });
  });

  app.options('/api/*', async (_request, reply) =>
    reply
      .code(204)
      .headers({
        'access-control-allow-methods': 'GET, POST, OPTIONS',
        'access-control-allow-headers': `Content-Type, ${CONTACT_CENTER_ID_HEADER}`,
        'access-control-max-age': '600',
      })
      .send(),
  );

  /** Checks the customer API's identity rules and slows the answer as the delivery faults say. */
  const customerRequest = async (request: FastifyRequest): Promise<string> => {
    if (request.headers.authorization !== undefined) {
      throw forbidden('The customer chat API takes no Authorization header: customers are anonymous');
    }
    const header = request.headers[CONTACT_CENTER_ID_HEADER.toLowerCase()];
    const contactCenterId = Array.isArray(header) ? header[0] : header;
    if (!contactCenterId) throw badRequest(`The ${CONTACT_CENTER_ID_HEADER} header is required`);
    if (!context.contactCenterIds.has(contactCenterId)) throw forbidden(`Unknown contact center ${contactCenterId}`);
    const latency = injector.delivery.latencyMs;
    if (latency > 0) await sleep(latency);
    return contactCenterId;
  };

  const chatOf = (params: unknown, contactCenterId: string): GwsChat => {
    const chatId = (params as { chatId?: string }).chatId ?? '';
    const chat = store.find(chatId);
    // A chat of another contact centre does not exist for this caller.
    if (!chat || chat.contactCenterId !== contactCenterId) throw notFound(chatId);
    return chat;
  };

  /** Runs `process` under the queued fault (refused, never answered, failed or cut off after processing). */
  const underFault = async (
    fault: PollFault | RequestFault | undefined,
    reply: FastifyReply,
    process: () => { body: unknown; createdChatId?: string },
  ): Promise<FastifyReply> => {
    if (fault) {
      const refused = refusal(fault);
      if (refused) throw refused;
      if (fault.type === 'no-reply') return neverReply(reply);
    }
    const result = process();
    if (fault?.type === 'fail-after-processing') {
      throw new GwsError(500, GWS_STATUS.INTERNAL_ERROR, 'Internal server error (injected fault, after processing)', {}, result.createdChatId);
    }
    if (fault?.type === 'drop-after-processing') return dropConnection(reply);
    return reply.code(200).send(result.body);
  };

  const handle =
    (route: (request: FastifyRequest, reply: FastifyReply, contactCenterId: string) => Promise<FastifyReply>) =>
    async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> => {
      try {
        return await route(request, reply, await customerRequest(request));
      } catch (error) {
        if (error instanceof GwsError) return sendGwsError(reply, error);
        throw error;
      }
    };

  for (const prefix of [CHATS_PATH, ME_CHAT_PATH]) {
    app.post(
      prefix,
      handle(async (request, reply, contactCenterId) => {
        const body = parse(requestChatBodySchema, request.body, 'RequestChat');
        return underFault(injector.take('start'), reply, () => {
          const chat = store.create({
            contactCenterId,
            nickname: body.nickname,
            subject: body.subject ?? '',
            endpoint: body.endpoint,
            userData: body.userData ?? {},
          });
          return { body: { id: chat.id, statusCode: GWS_STATUS.OK, path: `${prefix}/${chat.id}` }, createdChatId: chat.id };
        });
      }),
    );

    app.post(
      `${prefix}/:chatId`,
      handle(async (request, reply, contactCenterId) => {
        const chat = chatOf(request.params, contactCenterId);
        const body = parse(chatOperationBodySchema, request.body, 'chat operation');
        if (body.operationName === 'Complete') {
          // Completing a chat that is already over changes nothing.
          return underFault(injector.take('end'), reply, () => {
            store.end(chat, 'user');
            return { body: { statusCode: GWS_STATUS.OK } };
          });
        }
        if (chat.state === 'Idle') throw badRequest(`Chat ${chat.id} is over`);
        if (body.operationName === 'SendMessage') {
          if (body.text === '') throw badRequest('Invalid chat operation: text: must not be empty');
          if (body.text.length > MAX_MESSAGE_TEXT_LENGTH) throw badRequest(`Invalid chat operation: text: longer than ${MAX_MESSAGE_TEXT_LENGTH} characters`);
          return underFault(injector.take('send'), reply, () => {
            store.append(chat, 'Text', chat.customer, body.text);
            chat.customerTyping = false;
            return { body: { statusCode: GWS_STATUS.OK } };
          });
        }
        const typing = body.operationName === 'SendStartTypingNotification';
        return underFault(injector.take('typing'), reply, () => {
          store.append(chat, typing ? 'TypingStarted' : 'TypingStopped', chat.customer);
          chat.customerTyping = typing;
          return { body: { statusCode: GWS_STATUS.OK } };
        });
      }),
    );

    app.get(
      `${prefix}/:chatId`,
      handle(async (request, reply, contactCenterId) => {
        const chat = chatOf(request.params, contactCenterId);
        return underFault(injector.take('state'), reply, () => ({
          body: {
            chat: {
              capabilities: chat.state === 'Idle' ? [] : CHAT_CAPABILITIES,
              id: chat.id,
              participants: chat.state === 'Idle' ? [] : [chat.customer, ...chat.agents],
              state: chat.state,
            },
            statusCode: GWS_STATUS.OK,
          },
        }));
      }),
    );

    app.get(
      `${prefix}/:chatId/messages`,
      handle(async (request, reply, contactCenterId) => {
        const chat = chatOf(request.params, contactCenterId);
        const { index } = parse(messagesQuerySchema, request.query, 'query');
        context.polled(chat.id, index);
        if (pollFaults.cutChats.delete(chat.id)) return dropConnection(reply);
        if (pollFaults.malformedChats.delete(chat.id)) {
          return reply.code(200).send({ messages: [{ from: { nickname: 'GWS' }, index: 'not-a-number', type: 'Text' }], statusCode: GWS_STATUS.OK });
        }
        return underFault(pollFaults.take(), reply, () => ({ body: { messages: page(chat, index), statusCode: GWS_STATUS.OK } }));
      }),
    );
  }

  /** The page a poll gets, with the seeded delivery faults: a message repeated from before it, two neighbours swapped. */
  const page = (chat: GwsChat, index: number | undefined): ChatMessage[] => {
    const messages = index !== undefined ? store.fromIndex(chat, index) : pollFaults.takeRepeat() ? chat.lastCursorPage : store.takeUnread(chat);
    const settings = injector.delivery;
    const result = [...messages];
    const first = result[0];
    if (first && first.index > 1 && settings.duplicateRate > 0 && injector.chance(settings.duplicateRate)) {
      const previous = chat.messages[first.index - 2];
      if (previous) result.unshift(previous);
    }
    if (result.length > 1 && settings.reorderRate > 0 && injector.chance(settings.reorderRate)) {
      const at = result.length - 2;
      const [a, b] = [result[at], result[at + 1]];
      if (a && b) result.splice(at, 2, b, a);
    }
    return result;
  };
}
