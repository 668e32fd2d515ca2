import type { FastifyInstance, FastifyReply } from 'fastify';
import { type FaultInjector } from '@byosd/simulators';
import { MUTATION_ROUTE, mutationRequestSchema, PRODUCT_TOKEN_HEADER, TWO_WAY_ROUTE, twoWayMessageSchema, type TwoWayMessage } from '../protocol/index.js';
import { parseOr400, underFault } from './http-answers.js';
import type { MscBackend, MscConversation } from './msc-backend.js';
import type { PartyFaults } from './party-faults.js';

export interface RouterAccount {
  technicalLinkId: string;
  botRouterAccountId: string;
  productToken: string;
  botAdapterId: string;
  mscAdapterId: string;
  channelAdapterId: string;
}

/** The end user of each chat, as the channel named them (`From`), so that deliveries go back `To` them. */
export type EndUsers = Map<string, string>;

/**
 * The router's control API (routing mutation requests) and its TwoWay endpoint for the channel adapter. Both
 * require `X-Cm-Producttoken`. A rule mutation Enable from the bot to MSC opens an MSC conversation; Disable closes
 * it. TwoWay messages from the channel reach MSC only while the chat is routed there.
 */
export function registerRouterRoutes(
  app: FastifyInstance,
  account: RouterAccount,
  msc: MscBackend,
  injector: FaultInjector,
  faults: PartyFaults,
  endUsers: EndUsers,
): void {
  const authorised = (headers: Record<string, unknown>) => headers[PRODUCT_TOKEN_HEADER] === account.productToken;

  app.post(MUTATION_ROUTE, async (request, reply) => {
    if (!authorised(request.headers)) return reply.code(401).send({ message: 'Invalid X-Cm-Producttoken' });
    const params = request.params as { technicalLinkId: string; chatId: string };
    if (params.technicalLinkId !== account.technicalLinkId) return reply.code(404).send({ message: `Unknown account ${params.technicalLinkId}` });
    const body = parseOr400(reply, mutationRequestSchema, request.body, 'body');
    if (!body) return reply;
    if (body.ChatId !== params.chatId)
      return reply
        .code(400)
        .send({ message: 'body.ChatId differs from the ChatId of the path', issues: [{ path: 'body.ChatId', message: 'must equal the path ChatId' }] });
    const unknownAdapter = body.Mutations.find(
      (mutation) =>
        ![account.botAdapterId, account.mscAdapterId].includes(mutation.sourceAdapterId) ||
        ![account.botAdapterId, account.mscAdapterId].includes(mutation.targetAdapterId),
    );
    if (unknownAdapter)
      return reply.code(400).send({ message: `Unknown adapter in mutation: ${unknownAdapter.sourceAdapterId} -> ${unknownAdapter.targetAdapterId}` });
    const enabling = body.Mutations.some((mutation) => mutation.action === 'Enable' && mutation.targetAdapterId === account.mscAdapterId);
    return underFault(reply, injector.take(enabling ? 'start' : 'end'), () => {
      for (const mutation of body.Mutations) {
        if (mutation.targetAdapterId !== account.mscAdapterId) continue;
        if (mutation.action === 'Enable') msc.enable(body.ChatId, body.Context);
        else msc.disable(body.ChatId);
      }
      return { status: 202, body: { ChatId: body.ChatId, Status: 'Accepted' } };
    });
  });

  app.post(TWO_WAY_ROUTE, async (request, reply) => {
    if (!authorised(request.headers)) return reply.code(401).send({ message: 'Invalid X-Cm-Producttoken' });
    const params = request.params as { accountId: string; adapterId: string };
    if (params.accountId !== account.botRouterAccountId || params.adapterId !== account.channelAdapterId) {
      return reply.code(404).send({ message: `Unknown adapter ${params.adapterId} of account ${params.accountId}` });
    }
    const message = parseOr400(reply, twoWayMessageSchema, request.body, 'body');
    if (!message) return reply;
    return routeToMsc(reply, message);
  });

  function routeToMsc(reply: FastifyReply, message: TwoWayMessage): Promise<FastifyReply> | FastifyReply {
    const conversation = msc.isRouted(message.ChatId) ? msc.openConversation(message.ChatId) : undefined;
    if (!conversation) return reply.code(409).send({ message: `Chat ${message.ChatId} is not routed to Mobile Service Cloud` });
    endUsers.set(message.ChatId, message.From);
    switch (message.Type) {
      case 'handover':
        return handover(reply, conversation, message.Text);
      case 'text':
        return underFault(reply, injector.take('send'), () => {
          msc.addUserMessage(conversation, message.Id, message.Text);
          return { status: 201, body: { Id: message.Id } };
        });
      case 'typing':
        return underFault(reply, injector.take('typing'), () => {
          conversation.userTyping = message.IsTyping;
          return { status: 201, body: { Id: message.Id } };
        });
      case 'event':
        return underFault(reply, message.Event === 'conversationEnded' ? injector.take('end') : undefined, () => {
          if (message.Event === 'conversationEnded') msc.end(conversation, 'user');
          return { status: 201, body: { Id: message.Id } };
        });
    }
  }

  function handover(reply: FastifyReply, conversation: MscConversation, question: string): Promise<FastifyReply> | FastifyReply {
    const routerFault = faults.take('router');
    if (routerFault) return underFault(reply, routerFault, () => ({ status: 201, body: {} }));
    if (faults.take('agent-side')) return reply.code(502).send({ message: 'Mobile Service Cloud did not accept the conversation' });
    msc.queue(conversation, question);
    return reply.code(201).send({ ConversationId: conversation.id });
  }
}
