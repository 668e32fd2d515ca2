import { ErrorCode, isServiceDeskError, parseOrThrow } from '@byosd/core';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { AgentActionError, agentIdentitySchema, BACKEND_OPERATIONS, deliverySettingsSchema, requestFaultSchema } from '@byosd/conformance';
import type { Simulator } from './simulator.js';

/** Where the control API is mounted on every simulator. */
export const CONTROL_API_PREFIX = '/control';

const chatParamsSchema = z.object({ chatId: z.string().min(1) });
const chatsQuerySchema = z.object({ status: z.enum(['waiting', 'open', 'all']).default('all') });
const acceptBodySchema = z.object({ agent: agentIdentitySchema });
const sayBodySchema = z.object({ text: z.string(), messageId: z.string().min(1).optional() });
const typingBodySchema = z.object({ isTyping: z.boolean() });
const transferBodySchema = z.object({ to: agentIdentitySchema });
const queueBodySchema = z.object({ position: z.number().int().nonnegative(), waitMinutes: z.number().nonnegative() });
const agentsBodySchema = z.object({ online: z.boolean().nullable() });
const faultBodySchema = z.object({
  operation: z.enum(BACKEND_OPERATIONS),
  fault: requestFaultSchema,
  times: z.number().int().positive().max(1000).default(1),
});

/** Parses one part of a request (`body`, `query`, `params`); an INVALID_INPUT error names each field as `body.agent.name`. */
function parse<S extends z.ZodType>(schema: S, value: unknown, part: 'body' | 'query' | 'params'): z.output<S> {
  const parsed = parseOrThrow(z.object({ [part]: schema }), { [part]: value ?? {} }, ErrorCode.INVALID_INPUT, 'Invalid request') as Record<string, z.output<S>>;
  return parsed[part] as z.output<S>;
}

function sendError(reply: FastifyReply, error: unknown): FastifyReply {
  if (isServiceDeskError(error, ErrorCode.INVALID_INPUT)) return reply.code(400).send({ error: error.code, message: error.message, issues: error.issues });
  if (error instanceof AgentActionError) return reply.code(error.code === 'UNKNOWN_CHAT' ? 404 : 409).send({ error: error.code, message: error.message });
  throw error;
}

/**
 * The simulator control API: JSON over HTTP, for the agent console page and for tests in another process. The
 * same for every simulator, because it only speaks `AgentDriver` and `FaultControl`. docs/conformance.md lists
 * the routes. Bad input answers 400 `{ error: 'INVALID_INPUT', issues: [{ path, message }] }`, an unknown chat 404,
 * an ended chat 409.
 */
export function registerControlApi(app: FastifyInstance, simulator: Simulator): void {
  const { agent, faults } = simulator;
  const route = (method: 'GET' | 'POST' | 'PUT', path: string, handle: (request: { params: unknown; query: unknown; body: unknown }) => Promise<unknown>) =>
    app.route({
      method,
      url: `${CONTROL_API_PREFIX}${path}`,
      handler: async (request, reply) => {
        try {
          const result = await handle(request);
          return reply.code(200).send(result ?? { ok: true });
        } catch (error) {
          return sendError(reply, error);
        }
      },
    });
  const chatId = (params: unknown) => parse(chatParamsSchema, params, 'params').chatId;

  route('GET', '/chats', async ({ query }) => ({ chats: await agent.chats(parse(chatsQuerySchema, query, 'query').status) }));
  route('GET', '/chats/:chatId', async ({ params }) => agent.chat(chatId(params)));
  route('POST', '/chats/:chatId/accept', async ({ params, body }) => agent.accept(chatId(params), parse(acceptBodySchema, body, 'body').agent));
  route('POST', '/chats/:chatId/messages', async ({ params, body }) => {
    const { text, messageId } = parse(sayBodySchema, body, 'body');
    return { messageId: await agent.say(chatId(params), text, messageId) };
  });
  route('POST', '/chats/:chatId/typing', async ({ params, body }) => agent.type(chatId(params), parse(typingBodySchema, body, 'body').isTyping));
  route('POST', '/chats/:chatId/read', async ({ params }) => agent.read(chatId(params)));
  route('POST', '/chats/:chatId/transfer', async ({ params, body }) => agent.transfer(chatId(params), parse(transferBodySchema, body, 'body').to));
  route('POST', '/chats/:chatId/leave', async ({ params }) => agent.leave(chatId(params)));
  route('POST', '/chats/:chatId/end', async ({ params }) => agent.end(chatId(params)));
  route('POST', '/chats/:chatId/queue', async ({ params, body }) => {
    const { position, waitMinutes } = parse(queueBodySchema, body, 'body');
    return agent.setQueue(chatId(params), position, waitMinutes);
  });
  route('PUT', '/agents', async ({ body }) => agent.setAgentsOnline(parse(agentsBodySchema, body, 'body').online));
  route('POST', '/faults', async ({ body }) => {
    const { operation, fault, times } = parse(faultBodySchema, body, 'body');
    faults.failNext(operation, fault, times);
  });
  route('PUT', '/faults/delivery', async ({ body }) => faults.setDelivery(parse(deliverySettingsSchema, body, 'body')));
  route('POST', '/faults/drop-connections', async () => faults.dropConnections());
  route('POST', '/faults/malformed', async () => faults.sendMalformed());
  route('GET', '/requests', async () => ({ requests: simulator.recorder.all().filter((entry) => !entry.path.startsWith(CONTROL_API_PREFIX)) }));
  route('POST', '/reset', async () => simulator.reset());
}
