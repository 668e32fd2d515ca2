import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import * as z from 'zod/mini';
import type { ShortCodeRole } from '../stores/short-code-store.js';
import type { GuessLimiter } from './guess-limiter.js';
import type { ShortCodeService } from './short-code-service.js';

const lookupQuerySchema = z.object({ appkey: z.string().check(z.minLength(1), z.maxLength(64)) });

/**
 * Live Assist's short-code endpoints: `PUT /assistserver/shortcode/create`, then `GET .../consumer?appkey=` for
 * the customer's page and `GET .../agent?appkey=` for the agent. Unknown, used or expired codes answer 403 (the
 * same for all three, so nothing is learned by guessing); too many failed look-ups, or too many codes created, by one client address answer 429 with Retry-After (counted
 * across every instance on the same stores).
 */
export function mountShortCodeRoutes(app: FastifyInstance, service: ShortCodeService, limiters: { guesses: GuessLimiter; creates: GuessLimiter }): void {
  const limiter = limiters.guesses;
  app.put('/assistserver/shortcode/create', async (request, reply) => {
    // Anonymous by design (Live Assist's pages call it), so each client address gets a few codes a minute.
    // Counted before the code exists (taken at once, so that concurrent requests cannot pass the limit together).
    const waitMs = await limiters.creates.take(request.ip);
    if (waitMs > 0) {
      return reply
        .code(429)
        .header('retry-after', String(Math.ceil(waitMs / 1000)))
        .send({ error: 'Too many short codes; retry later' });
    }
    const { shortCode } = await service.create();
    return { shortCode };
  });

  const lookup = (role: ShortCodeRole) => async (request: FastifyRequest, reply: FastifyReply) => {
    const client = request.ip;
    const waitMs = await limiter.retryAfterMs(client);
    if (waitMs > 0) {
      return reply
        .code(429)
        .header('retry-after', String(Math.ceil(waitMs / 1000)))
        .send({ error: 'Too many attempts; retry later' });
    }
    const query = z.safeParse(lookupQuerySchema, request.query);
    const record = query.success ? await service.redeem(query.data.appkey, role) : undefined;
    if (!record) {
      await limiter.take(client);
      return reply.code(403).send({ error: 'forbidden' });
    }
    return role === 'consumer' ? { 'session-token': record.sessionToken, cid: record.cid, scaleFactor: 1 } : { cid: record.cid };
  };

  app.get('/assistserver/shortcode/consumer', lookup('consumer'));
  app.get('/assistserver/shortcode/agent', lookup('agent'));
}
