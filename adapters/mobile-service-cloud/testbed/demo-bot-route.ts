import { type ConnectMessage, connectMessage } from '@byosd/core';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { BOT_PATHS, botReplySchema } from '../protocol/index.js';
import type { MobileServiceCloudSimulator } from '../simulator/index.js';

/** Where the demo page asks the simulated bot, on the demo server. */
export const DEMO_BOT_PATH = '/demo/mobile-service-cloud/bot';

const questionSchema = z.object({ question: z.string().min(1).max(4096), sessionId: z.string().min(1).optional() });

/** What the demo page gets back: the bot's words, and when it offers the live chat, the connect message to start it with. */
export interface DemoBotAnswer {
  sessionId: string;
  text: string;
  livechat: boolean;
  /** For `startChat`: the question, and the bot session as `session_history_key`. Set when `livechat` is true. */
  connectMessage?: ConnectMessage;
}

/**
 * For the browser demo: the bot part of the conversation before the handover. The page posts each question here;
 * the demo server asks the simulated Conversational AI Cloud bot (its API key stays on the server) and answers
 * with the bot's text. When an answer carries `livechat: true` the page starts the chat on the gateway with the
 * returned connect message and the intake answers.
 */
export function mountDemoBotRoute(app: FastifyInstance, simulator: MobileServiceCloudSimulator): void {
  app.post(DEMO_BOT_PATH, async (request, reply) => {
    const body = questionSchema.safeParse(request.body);
    if (!body.success)
      return reply.code(400).send({
        error: 'INVALID_INPUT',
        issues: body.error.issues.map((issue) => ({ path: ['body', ...issue.path.map(String)].join('.'), message: issue.message })),
      });
    const query = new URLSearchParams({
      apiKey: simulator.account.botApiKey,
      q: body.data.question,
      ...(body.data.sessionId ? { sessionId: body.data.sessionId } : {}),
    });
    const response = await fetch(`${simulator.urls.bot}/${BOT_PATHS.ask}?${query}`);
    const answer = botReplySchema.safeParse(await response.json());
    if (!response.ok || !answer.success) return reply.code(502).send({ error: 'BACKEND_UNAVAILABLE', message: 'The bot did not answer' });
    const livechat = answer.data.outputs.some((output) => output.outputAdditions.livechat === true);
    const result: DemoBotAnswer = {
      sessionId: answer.data.sessionId,
      text: answer.data.outputs.map((output) => output.text).join('\n\n'),
      livechat,
      ...(livechat ? { connectMessage: { ...connectMessage(body.data.question), session_history_key: answer.data.sessionId } } : {}),
    };
    return reply.code(200).send(result);
  });
}
