import type { AdapterStore, Logger, WebhookHub, WebhookRequest } from '@byosd/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { GatewayMetrics } from '../ops/metrics.js';
import type { AdapterCatalog } from './adapter-catalog.js';

export interface WebhookIngressOptions {
  catalog: AdapterCatalog;
  webhookHub: WebhookHub;
  logger: Logger;
  metrics: GatewayMetrics;
  /** The gateway's URL as the backend calls it; without it the URL is rebuilt from the request's Host. */
  publicBaseUrl: string | undefined;
  /** Each adapter's store (`WebhookContext.store`), when the gateway's stores have one. */
  adapterStore?: (adapter: string) => AdapterStore;
}

/**
 * Mounts every adapter's webhook routes under `/webhooks/<adapter>/`. Bodies stay raw bytes and the full public
 * URL is rebuilt, so that adapters verify signatures over exactly what the backend signed. The adapter decides
 * the answer (403 for a bad signature, 2xx once handled); a route that throws answers 500 so the backend retries.
 */
export async function mountWebhookRoutes(app: FastifyInstance, options: WebhookIngressOptions): Promise<void> {
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
    for (const { plugin, options: adapterOptions } of options.catalog.all()) {
      const store = options.adapterStore?.(plugin.name);
      const routes = plugin.webhooks?.({ options: adapterOptions, webhookHub: options.webhookHub, logger: options.logger, ...(store ? { store } : {}) }) ?? [];
      for (const route of routes) {
        scope.route({
          method: route.method,
          url: `/webhooks/${plugin.name}${route.path}`,
          handler: async (request, reply) => {
            let response;
            try {
              response = await route.handle(toWebhookRequest(request, options.publicBaseUrl));
            } catch (error) {
              options.logger.error({ adapter: plugin.name, route: route.path, err: error }, 'A webhook route failed');
              return reply.code(500).send({ error: 'The webhook could not be handled; retry later' });
            }
            if (response.status === 401 || response.status === 403) {
              options.metrics.webhookRejected(plugin.name);
              options.logger.warn({ adapter: plugin.name, route: route.path, status: response.status }, 'Webhook refused');
            }
            reply.code(response.status).headers(response.headers ?? {});
            return reply.send(response.body ?? '');
          },
        });
      }
    }
  });
}

function toWebhookRequest(request: FastifyRequest, publicBaseUrl: string | undefined): WebhookRequest {
  const headers: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(request.headers)) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  const base = publicBaseUrl ? publicBaseUrl.replace(/\/+$/, '') : `${request.protocol}://${request.host}`;
  return {
    method: request.method,
    url: `${base}${request.url}`,
    headers,
    rawBody: Buffer.isBuffer(request.body) ? new Uint8Array(request.body) : new Uint8Array(),
  };
}
