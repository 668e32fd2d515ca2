import { timingSafeEqual } from 'node:crypto';
import { type FaultInjector, httpFaultResponse } from '@byosd/simulators';
import { type BackendOperation } from '@byosd/conformance';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  ACCESS_TOKEN_PARAMETER,
  assignCustomerBodySchema,
  CHATVISOR_PATHS,
  CHATVISOR_REST_BASE,
  type ChatvisorOperation,
  cobrowseBodySchema,
  createUserBodySchema,
  onlineTimesRequestSchema,
  openConversationBodySchema,
  postMessageBodySchema,
  publicUrlBodySchema,
  setStatusBodySchema,
  tagCustomerBodySchema,
  updateUserBodySchema,
  visibilitySettingSchema,
} from '../protocol/index.js';
import { ChatvisorApiError, type ChatvisorBackend, type StoredConversation } from './chatvisor-backend.js';
import type { PublicAgentLinks } from './public-agent-links.js';

/** The user-side requests that the kit's backend-neutral faults act on. */
const FAULTED_OPERATIONS: Partial<Record<ChatvisorOperation, BackendOperation>> = {
  openConversation: 'start',
  postCustomerMessage: 'send',
  setConversationStatus: 'end',
  userStatus: 'availability',
  getConversation: 'resume',
};

const HISTORY_PAGE_SIZE = 100;
const GROUPING_DAYS = { TODAY: 1, YESTERDAY: 2, LAST_7_DAYS: 7, LAST_30_DAYS: 30 } as const;

export interface RestContext {
  backend: ChatvisorBackend;
  faults: FaultInjector;
  links: PublicAgentLinks;
  apiToken: string;
  /** The simulator's base URL (the app and the public agent URLs live there). */
  appBaseUrl(): string;
}

const paramsSchema = z.looseObject({ customerId: z.string().optional(), userId: z.string().optional() });
const pageQuerySchema = z.object({
  offset: z.coerce.number().int().nonnegative().optional(),
  pageNumber: z.coerce.number().int().nonnegative().default(0),
  pageSize: z.coerce.number().int().positive().max(500).default(50),
});
const historyQuerySchema = z.object({ afterSeq: z.coerce.number().int().nonnegative().default(0) });
const conversationsQuerySchema = z.object({ status: z.enum(['UNREAD', 'UNRESOLVED', 'DONE']).optional(), updatedSince: z.string().datetime().optional() });
const visibilityQuerySchema = z.object({
  level: z.enum(['PAGE', 'CHAT']).default('CHAT'),
  secondsOnPage: z.coerce.number().int().nonnegative().optional(),
  visitNumber: z.coerce.number().int().positive().optional(),
});

type Handler = (request: FastifyRequest, params: z.output<typeof paramsSchema>) => unknown;

/**
 * Chatvisor's REST API under `/rest/v1`, every path from the protocol's table. Auth is the API token as
 * `?access_token=` or `Authorization: Bearer`; anything else is 401. Bad bodies answer 400 naming the field,
 * unknown resources 404, Chatvisor's error body `{error, message}` throughout.
 */
export function registerRestRoutes(app: FastifyInstance, context: RestContext): void {
  const { backend } = context;
  app.register(async (scope) => {
    scope.addHook('onRequest', async (request, reply) => {
      if (!request.url.startsWith(`${CHATVISOR_REST_BASE}/`)) return;
      if (!isAuthorized(request, context.apiToken)) {
        return reply.code(401).send({ error: 'UNAUTHORIZED', message: 'A valid API token is required (access_token or Authorization: Bearer)' });
      }
      return undefined;
    });
    const route = (operation: ChatvisorOperation, handle: Handler, status = 200) => {
      const { method, path } = CHATVISOR_PATHS[operation];
      scope.route({
        method,
        url: `${CHATVISOR_REST_BASE}${path}`,
        handler: (request, reply) =>
          answer(context.faults, FAULTED_OPERATIONS[operation], reply, () => handle(request, paramsSchema.parse(request.params)), status),
      });
    };
    const conversationJson = (conversation: StoredConversation) => backend.toConversation(conversation, context.appBaseUrl());
    const customerId = (params: z.output<typeof paramsSchema>) => params.customerId ?? '';
    const userId = (params: z.output<typeof paramsSchema>) => params.userId ?? '';

    route('listCustomers', (request) => {
      const query = parse(pageQuerySchema, request.query, 'query');
      const all = [...backend.customers.values()];
      const start = query.offset ?? query.pageNumber * query.pageSize;
      return { content: all.slice(start, start + query.pageSize), totalElements: all.length };
    });
    route('listActiveCustomers', () => ({ content: backend.activeCustomers(), totalElements: backend.activeCustomers().length }));
    route('queryCustomer', (_request, params) => backend.customer(customerId(params)));
    route('tagCustomer', (request) => backend.tagCustomer(parse(tagCustomerBodySchema, request.body, 'body')));
    route('assignCustomer', (request, params) =>
      backend.assign(customerId(params), parse(assignCustomerBodySchema, request.body, 'body', 'give either userId or teamId, not both')),
    );

    route('listUsers', () => ({ users: backend.listUsers() }));
    route('createUser', (request) => backend.createUser(parse(createUserBodySchema, request.body, 'body')), 201);
    route('updateUser', (request, params) => backend.updateUser(userId(params), parse(updateUserBodySchema, request.body, 'body')));
    route('deleteUser', (_request, params) => {
      backend.deleteUser(userId(params));
      return { deleted: userId(params) };
    });
    route('userStatus', () => {
      if (!backend.presenceKnown) throw new ChatvisorApiError(503, 'PRESENCE_UNAVAILABLE', 'Agent presence is not available right now');
      return { users: [...backend.users.values()].map((user) => ({ userId: user.userId, online: user.online, available: user.available })) };
    });
    route('agentOnlineTimes', (request) => {
      const { grouping } = parse(onlineTimesRequestSchema, request.body, 'body');
      return backend.onlineTimes(new Date(backend.now().getTime() - GROUPING_DAYS[grouping] * 86_400_000));
    });

    route('chatVisibility', (request) => {
      const query = parse(visibilityQuerySchema, request.query, 'query');
      return backend.visibility(query.level, { secondsOnPage: query.secondsOnPage, visitNumber: query.visitNumber });
    });
    route('setChatVisibility', (request) => {
      backend.visibilityEnabled = parse(visibilitySettingSchema, request.body, 'body').enabled;
      return { enabled: backend.visibilityEnabled };
    });

    route('listConversations', (request) => {
      const query = parse(conversationsQuerySchema, request.query, 'query');
      const since = query.updatedSince ? new Date(query.updatedSince) : undefined;
      return {
        conversations: backend
          .chats()
          .filter((conversation) => (!query.status || conversation.status === query.status) && (!since || conversation.updatedAt >= since))
          .map(conversationJson),
      };
    });
    route(
      'openConversation',
      (request) => {
        const body = parse(openConversationBodySchema, request.body, 'body');
        return conversationJson(backend.openConversation(body.customerId, body.subject));
      },
      201,
    );
    route('getConversation', (_request, params) => conversationJson(backend.conversation(customerId(params))));
    route('conversationHistory', (request, params) => {
      const { afterSeq } = parse(historyQuerySchema, request.query, 'query');
      const entries = backend.conversation(customerId(params)).entries.slice(afterSeq);
      return { entries: entries.slice(0, HISTORY_PAGE_SIZE), hasMore: entries.length > HISTORY_PAGE_SIZE };
    });
    route(
      'postCustomerMessage',
      (request, params) => {
        const body = parse(postMessageBodySchema, request.body, 'body');
        return backend.postCustomerMessage(customerId(params), body.text, body.externalId);
      },
      201,
    );
    route('setConversationStatus', (request, params) => {
      const { status } = parse(setStatusBodySchema, request.body, 'body');
      const conversation = backend.conversation(customerId(params));
      // Out of DONE is a new conversation for Chatvisor (and fires the new-conversation webhook).
      if (conversation.status === 'DONE' && status !== 'DONE') return conversationJson(backend.openConversation(conversation.customerId, conversation.subject));
      if (conversation.status !== status) {
        if (status === 'DONE') conversation.endedBy ??= 'user';
        backend.changeStatus(conversation, status, conversation.agent);
      }
      return conversationJson(conversation);
    });
    route('publicAgentUrl', (request, params) => {
      const conversation = backend.liveConversation(customerId(params));
      const body = parse(publicUrlBodySchema, request.body, 'body');
      if (body.userId !== undefined) backend.user(body.userId);
      return { url: context.links.issue(conversation.customerId, body.userId ?? backend.customer(conversation.customerId).assignedUserId ?? undefined) };
    });
    route('setCobrowse', (request, params) => {
      const conversation = backend.liveConversation(customerId(params));
      const { enabled } = parse(cobrowseBodySchema, request.body, 'body');
      if (enabled && !backend.cobrowsePluginEnabled)
        throw new ChatvisorApiError(409, 'PLUGIN_DISABLED', 'The Co-Browsing plugin is not enabled for this account');
      conversation.cobrowse = enabled;
      return conversationJson(conversation);
    });
  });
}

function isAuthorized(request: FastifyRequest, token: string): boolean {
  const query = new URL(request.url, 'http://localhost').searchParams.get(ACCESS_TOKEN_PARAMETER);
  const header = request.headers.authorization;
  const bearer = header?.startsWith('Bearer ') ? header.slice('Bearer '.length) : undefined;
  const given = query ?? bearer;
  if (given === undefined) return false;
  const expected = Buffer.from(token);
  const actual = Buffer.from(given);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

function parse<S extends z.ZodType>(schema: S, value: unknown, part: 'body' | 'query', hint?: string): z.output<S> {
  const parsed = schema.safeParse(value ?? {});
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((issue) => `${[part, ...issue.path.map(String)].join('.')}: ${issue.message}`).join('; ');
  throw new ChatvisorApiError(400, 'BAD_REQUEST', hint ? `${issues} (${hint})` : issues);
}

/** Runs a request under the queued fault of its operation (see the kit's RequestFault), then answers it. */
async function answer(
  faults: FaultInjector,
  operation: BackendOperation | undefined,
  reply: FastifyReply,
  process: () => unknown,
  status: number,
): Promise<FastifyReply> {
  const fault = operation ? faults.take(operation) : undefined;
  if (fault) {
    const refusal = httpFaultResponse(fault);
    if (refusal) return reply.code(refusal.status).headers(refusal.headers).send({ error: 'INJECTED_FAULT', message: refusal.body.message });
    if (fault.type === 'no-reply') {
      reply.hijack();
      return reply;
    }
  }
  let result: unknown;
  try {
    result = await process();
  } catch (error) {
    if (error instanceof ChatvisorApiError) return reply.code(error.status).send({ error: error.error, message: error.message });
    throw error;
  }
  if (fault?.type === 'fail-after-processing')
    return reply.code(500).send({ error: 'INTERNAL', message: 'Internal server error (injected fault, after processing)' });
  if (fault?.type === 'drop-after-processing') {
    reply.hijack();
    reply.raw.socket?.destroy();
    return reply;
  }
  return reply.code(status).send(result);
}
