import type { FastifyInstance } from 'fastify';
import { isOriginAllowed } from '../security/origin-policy.js';

/**
 * CORS with an allow-list: a request from a page whose origin is not listed is refused with 403 before any
 * route runs; a listed origin gets the CORS headers, and its preflight requests are answered here.
 */
export function enforceOriginPolicy(app: FastifyInstance, allowedOrigins: readonly string[]): void {
  app.addHook('onRequest', async (request, reply) => {
    const origin = request.headers.origin;
    if (!isOriginAllowed(origin, allowedOrigins)) return reply.code(403).send({ error: `Origin ${origin ?? ''} is not allowed` });
    if (origin === undefined) return;
    reply.header('access-control-allow-origin', origin).header('vary', 'Origin');
    if (request.method === 'OPTIONS') {
      return reply
        .code(204)
        .header('access-control-allow-methods', 'GET, PUT, POST, OPTIONS')
        .header('access-control-allow-headers', request.headers['access-control-request-headers'] ?? 'content-type')
        .header('access-control-max-age', '600')
        .send();
    }
  });
}
