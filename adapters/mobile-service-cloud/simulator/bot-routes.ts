import type { FastifyInstance } from 'fastify';
import { askQuerySchema, BOT_PATHS, botQuerySchema, dialogStepQuerySchema, eventQuerySchema } from '../protocol/index.js';
import type { ConversationalBot } from './conversational-bot.js';
import { underFault, parseOr400 } from './http-answers.js';
import type { PartyFaults } from './party-faults.js';

export const BOT_PREFIX = '/ai/v1/:customerKey/:projectKey/:culture';

/** The `context.<name>` query parameters, as variables. */
function contextVariables(query: Record<string, unknown>): Record<string, string> {
  const variables: Record<string, string> = {};
  for (const [key, value] of Object.entries(query))
    if (key.startsWith('context.') && typeof value === 'string') variables[key.slice('context.'.length)] = value;
  return variables;
}

/** The engine API of the Conversational AI Cloud bot: ask, event, dialog step; the API key in the query. */
export function registerBotRoutes(app: FastifyInstance, bot: ConversationalBot, apiKey: string, faults: PartyFaults): void {
  const authorised = (query: unknown) => botQuerySchema.safeParse(query).data?.apiKey === apiKey;
  app.get(`${BOT_PREFIX}/${BOT_PATHS.ask}`, async (request, reply) => {
    if (!authorised(request.query)) return reply.code(401).send({ message: 'Invalid apiKey' });
    const query = parseOr400(reply, askQuerySchema, request.query, 'query');
    if (!query) return reply;
    const session = bot.session(query.sessionId, contextVariables(query));
    return reply.code(200).send(bot.ask(session, query.q));
  });
  app.get(`${BOT_PREFIX}/${BOT_PATHS.event}`, async (request, reply) => {
    if (!authorised(request.query)) return reply.code(401).send({ message: 'Invalid apiKey' });
    const query = parseOr400(reply, eventQuerySchema, request.query, 'query');
    if (!query) return reply;
    const fault = query.name === 'prechat' ? faults.take('prechat') : undefined;
    return underFault(reply, fault, () => {
      const session = bot.session(query.sessionId, contextVariables(query));
      const answer = bot.event(session, query.name);
      return answer ? { status: 200, body: answer } : { status: 404, body: { message: `No event "${query.name}" in this project` } };
    });
  });
  app.get(`${BOT_PREFIX}/${BOT_PATHS.dialogStep}`, async (request, reply) => {
    if (!authorised(request.query)) return reply.code(401).send({ message: 'Invalid apiKey' });
    const query = parseOr400(reply, dialogStepQuerySchema, request.query, 'query');
    if (!query) return reply;
    const session = bot.session(query.sessionId, contextVariables(query));
    const answer = bot.dialogStep(session, query.dialogPath, query.q);
    if (!answer) return reply.code(409).send({ message: `The dialog of session ${query.sessionId} is not at step "${query.dialogPath}"` });
    return reply.code(200).send(answer);
  });
}
