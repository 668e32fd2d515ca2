import { randomBytes } from 'node:crypto';
import { queueObservationQuerySchema, type QueueObservationResult, type StructuredMessage } from '../protocol/index.js';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { type FaultInjector, httpFaultResponse } from '@byosd/simulators';
import type { GenesysCloudBackend } from './genesys-cloud-backend.js';

/** How long a client-credentials access token lives, as Genesys answers (`expires_in`, seconds). */
const ACCESS_TOKEN_SECONDS = 86_399;

export interface PlatformApiOptions {
  /** Read on each request: a reset swaps the backend. */
  backend: () => GenesysCloudBackend;
  injector: FaultInjector;
  /** The OAuth clients that exist, by client id, with their secrets. */
  oauthClients: ReadonlyMap<string, string>;
  /** The queues that exist. */
  queueIds: ReadonlySet<string>;
}

const historyQuerySchema = z.object({
  pageSize: z.coerce.number().int().min(1).max(100).default(25),
  pageNumber: z.coerce.number().int().min(1).default(1),
});

/**
 * The Genesys Cloud REST endpoints byosd uses, on the simulator's port: the OAuth client-credentials grant, a
 * queue's estimated wait time and the queue observations query (both with the OAuth token), and the guest's
 * message history (with the JWT from getJwt). Answers are shaped as Genesys documents them.
 */
export function registerPlatformApi(app: FastifyInstance, options: PlatformApiOptions): void {
  const { backend, injector } = options;
  const accessTokens = new Set<string>();

  const bearer = (request: FastifyRequest): string | undefined => /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
  const requireAccessToken = (request: FastifyRequest, reply: FastifyReply): boolean => {
    const token = bearer(request);
    if (token && accessTokens.has(token)) return true;
    void reply.code(401).send({ message: 'Authentication failed', code: 'authentication.required', status: 401 });
    return false;
  };
  /** Applies a queued 'availability' fault; true when it answered (or must never answer). */
  const availabilityFault = (reply: FastifyReply): boolean | 'hang' => {
    const fault = injector.take('availability');
    if (!fault) return false;
    if (fault.type === 'no-reply') return 'hang';
    const response = httpFaultResponse(fault) ?? { status: 500, headers: {}, body: { message: 'Internal error (injected fault)' } };
    void reply.code(response.status).headers(response.headers).send(response.body);
    return true;
  };

  app.register(async (scope) => {
    scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(String(body))));
    });
    scope.post('/oauth/token', async (request, reply) => {
      const basic = /^Basic (.+)$/.exec(request.headers.authorization ?? '')?.[1];
      const [clientId, clientSecret] = basic ? Buffer.from(basic, 'base64').toString('utf8').split(':', 2) : [];
      const form = z.object({ grant_type: z.string() }).safeParse(request.body);
      if (!form.success || form.data.grant_type !== 'client_credentials') {
        return reply.code(400).send({ error: 'unsupported_grant_type', description: 'grant_type must be client_credentials' });
      }
      if (!clientId || options.oauthClients.get(clientId) !== clientSecret) {
        return reply.code(401).send({ error: 'invalid_client', description: 'client not found or wrong secret' });
      }
      const token = randomBytes(32).toString('base64url');
      accessTokens.add(token);
      return reply.send({ access_token: token, token_type: 'bearer', expires_in: ACCESS_TOKEN_SECONDS });
    });
  });

  app.get('/api/v2/routing/queues/:queueId/estimatedwaittime', async (request, reply) => {
    if (!requireAccessToken(request, reply)) return reply;
    const { queueId } = request.params as { queueId: string };
    if (!options.queueIds.has(queueId)) return reply.code(404).send({ message: `Queue ${queueId} not found`, code: 'not.found', status: 404 });
    return reply.send({ results: [{ intent: 'CHAT', formula: 'BEST', estimatedWaitTimeSeconds: backend().estimatedWaitSeconds }] });
  });

  app.post('/api/v2/analytics/queues/observations/query', async (request, reply) => {
    if (!requireAccessToken(request, reply)) return reply;
    const fault = availabilityFault(reply);
    if (fault === 'hang') return new Promise<never>(() => undefined);
    if (fault) return reply;
    const query = queueObservationQuerySchema.safeParse(request.body);
    if (!query.success) {
      return reply
        .code(400)
        .send({ message: `Invalid query: ${query.error.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`).join('; ')}`, status: 400 });
    }
    const queueIds = query.data.filter.predicates.filter((predicate) => predicate.dimension === 'queueId').map((predicate) => predicate.value);
    const result: QueueObservationResult = {
      results: queueIds
        .filter((queueId) => options.queueIds.has(queueId))
        .map((queueId) => ({ group: { queueId }, data: observations(backend(), query.data.metrics) })),
    };
    return reply.send(result);
  });

  // The guest's history is read by the page itself when the adapter runs in the browser: answer CORS as Genesys does.
  const allowBrowser = (request: FastifyRequest, reply: FastifyReply) =>
    reply.headers({
      'access-control-allow-origin': request.headers.origin ?? '*',
      'access-control-allow-headers': 'authorization',
      'access-control-allow-methods': 'GET',
      vary: 'Origin',
    });
  app.options('/api/v2/webmessaging/messages', async (request, reply) => allowBrowser(request, reply).code(204).send());
  app.get('/api/v2/webmessaging/messages', async (request, reply) => {
    allowBrowser(request, reply);
    const session = backend().sessionForJwt(bearer(request) ?? '');
    if (!session) return reply.code(401).send({ message: 'Invalid or expired JWT', code: 'authentication.required', status: 401 });
    const query = historyQuerySchema.safeParse(request.query);
    if (!query.success) return reply.code(400).send({ message: 'Invalid pageSize or pageNumber', status: 400 });
    const { pageSize, pageNumber } = query.data;
    const newestFirst: StructuredMessage[] = [...(session.conversation?.history ?? [])].reverse();
    const entities = newestFirst.slice((pageNumber - 1) * pageSize, pageNumber * pageSize);
    return reply.send({ entities, pageSize, pageNumber, total: newestFirst.length, pageCount: Math.ceil(newestFirst.length / pageSize) });
  });
}

/** oOnQueueUsers per routing status (absent when the backend cannot tell), oWaiting as the queued conversations. */
function observations(backend: GenesysCloudBackend, metrics: readonly string[]): QueueObservationResult['results'][number]['data'] {
  const data: NonNullable<QueueObservationResult['results'][number]['data']> = [];
  if (metrics.includes('oOnQueueUsers') && backend.agentsOnline !== null) {
    data.push({ metric: 'oOnQueueUsers', qualifier: 'IDLE', stats: { count: backend.agentsOnline ? 1 : 0 } });
  }
  if (metrics.includes('oWaiting')) {
    data.push({ metric: 'oWaiting', stats: { count: backend.allConversations().filter((conversation) => conversation.status === 'queued').length } });
  }
  return data;
}
