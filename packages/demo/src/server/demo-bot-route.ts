import { describeZodIssues, ErrorCode, formatZodIssues, safeParseWithMessages } from '@byosd/core';
import type { DemoBot } from '@byosd/simulators';
import type { FastifyInstance } from 'fastify';
import * as z from 'zod/mini';
import { demoBotPath, demoBotQuestionSchema } from '../page/demo-catalog.js';

const requestSchema = z.object({ body: demoBotQuestionSchema });

/**
 * The page's way to a backend's bot: the demo server asks it (its credentials stay here) and passes its answer on.
 * A bad question answers 400 naming the field (`body.question`); a bot that fails answers 502.
 */
export function mountDemoBotRoute(app: FastifyInstance, backend: string, bot: DemoBot): void {
  app.post(demoBotPath(backend), async (request, reply) => {
    const parsed = safeParseWithMessages(requestSchema, { body: request.body ?? {} });
    if (!parsed.success) {
      return reply
        .code(400)
        .send({ error: ErrorCode.INVALID_INPUT, message: `Invalid question: ${formatZodIssues(parsed.error)}`, issues: describeZodIssues(parsed.error) });
    }
    const { question, session } = parsed.data.body;
    try {
      return await bot.answer(question, session);
    } catch (error) {
      request.log.warn({ err: error, backend }, 'The demo bot did not answer');
      return reply.code(502).send({ error: ErrorCode.BACKEND_UNAVAILABLE, message: `The ${backend} bot did not answer` });
    }
  });
}
