import type { FastifyInstance } from 'fastify';
import { type FaultInjector, SlidingWindowLimit } from '@byosd/simulators';
import { MSC_RATE_LIMITS, PRESENCE_PATH, presenceQuerySchema } from '../protocol/index.js';
import { neverReply, parseOr400, refuse } from './http-answers.js';
import type { MscBackend } from './msc-backend.js';
import type { PartyFaults } from './party-faults.js';

export const PRESENCE_PREFIX = '/presence';

/**
 * MSC's presence service: plain text `Online` or `Offline`; 404 for a webstore it does not know (how the
 * simulator plays "cannot tell"); faults: 5xx, no answer (a timeout), and garbage (200 with a body that is
 * neither). MSC's rate limits hold per API key: over them it answers 429 with Retry-After.
 */
export function registerPresenceRoutes(app: FastifyInstance, msc: MscBackend, apiKey: string, injector: FaultInjector, faults: PartyFaults): void {
  const limits = MSC_RATE_LIMITS.map(({ limit, windowMs }) => new SlidingWindowLimit(limit, windowMs));
  app.get(`${PRESENCE_PREFIX}${PRESENCE_PATH}`, async (request, reply) => {
    const query = parseOr400(reply, presenceQuerySchema, request.query, 'query');
    if (!query) return reply;
    if (query.apikey !== apiKey) return reply.code(401).type('text/plain').send('Invalid apikey');
    const now = Date.now();
    const retryAfterMs = Math.max(...limits.map((limit) => limit.take(now)));
    if (retryAfterMs > 0)
      return reply
        .code(429)
        .header('retry-after', String(Math.ceil(retryAfterMs / 1000)))
        .type('text/plain')
        .send('Too many requests');
    const fault = injector.take('availability');
    if (refuse(reply, fault)) return reply;
    if (fault?.type === 'no-reply') return neverReply(reply);
    if (faults.take('presence-garbage')) return reply.code(200).type('text/html').send('<html><body>Maintenance</body></html>');
    if (msc.agentsOnline === null) return reply.code(404).type('text/plain').send(`Unknown referrer ${query.referrer}`);
    return reply
      .code(200)
      .type('text/plain')
      .send(msc.agentsOnline ? 'Online' : 'Offline');
  });
}
