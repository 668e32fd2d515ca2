import type { AddressInfo } from 'node:net';
import { type AdapterPlugin, type AdapterStore, type Logger, silentLogger, type WebhookHub, type WebhookRoute } from '@byosd/core';
import { fastify, type FastifyInstance } from 'fastify';

export interface PluginWebhookOptions {
  /**
   * The adapter's options, parsed by its schema, as its routes receive them. Read at the first request, so that
   * they may name URLs of the server itself, known only once it listens.
   */
  options: () => unknown;
  webhookHub: WebhookHub;
  logger: Logger;
  /** The adapter's store, as the gateway gives its routes one (`WebhookContext.store`). */
  store?: AdapterStore;
}

/**
 * Mounts an adapter plugin's HTTP routes (`plugin.webhooks`) under `/webhooks/<adapter>/` on a simulator's server,
 * as the gateway does, so that a conformance harness hosts them the way a real host would. Call it before the
 * server starts. Bodies stay raw bytes and each route gets the full URL it was called at, so signatures check out;
 * a path no route has answers 404.
 */
export function mountPluginWebhooks(app: FastifyInstance, plugin: AdapterPlugin, host: PluginWebhookOptions): void {
  const prefix = `/webhooks/${plugin.name}`;
  let routes: WebhookRoute[] | undefined;
  app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
    scope.all(`${prefix}/*`, async (request, reply) => {
      routes ??=
        plugin.webhooks?.({ options: host.options(), webhookHub: host.webhookHub, logger: host.logger, ...(host.store ? { store: host.store } : {}) }) ?? [];
      const path = new URL(request.url, 'http://localhost').pathname.slice(prefix.length);
      const route = routes.find((candidate) => candidate.method === request.method && candidate.path === path);
      if (!route) return reply.code(404).send({ error: `No ${request.method} route ${path} for adapter ${plugin.name}` });
      const headers: Record<string, string | undefined> = {};
      for (const [name, value] of Object.entries(request.headers)) headers[name] = Array.isArray(value) ? value.join(', ') : value;
      const response = await route.handle({
        method: request.method,
        url: `${request.protocol}://${request.host}${request.url}`,
        headers,
        rawBody: Buffer.isBuffer(request.body) ? new Uint8Array(request.body) : new Uint8Array(),
      });
      return reply
        .code(response.status)
        .headers(response.headers ?? {})
        .send(response.body ?? '');
    });
  });
}

export interface WebhookHostOptions {
  plugin: AdapterPlugin;
  /** The adapter's parsed options, as its `webhooks(context)` receives them. */
  options: unknown;
  webhookHub: WebhookHub;
  logger?: Logger;
  /** The adapter's store, shared with its desks (`AdapterContext.store`). */
  store?: AdapterStore;
}

export interface WebhookHost {
  /** Where the plugin's routes are mounted, e.g. `http://127.0.0.1:41234/webhooks/twilio-flex`: append a route's path. */
  readonly baseUrl: string;
  close(): Promise<void>;
}

/**
 * A loopback HTTP server of its own that mounts one plugin's webhook routes (see `mountPluginWebhooks`), for a
 * backend that calls its adapter back on a server other than the simulator's. Test harnesses point a simulator's
 * webhook deliveries here.
 */
export async function startWebhookHost(host: WebhookHostOptions): Promise<WebhookHost> {
  const app = fastify({ logger: false, forceCloseConnections: true });
  mountPluginWebhooks(app, host.plugin, {
    options: () => host.options,
    webhookHub: host.webhookHub,
    logger: host.logger ?? silentLogger,
    ...(host.store ? { store: host.store } : {}),
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as AddressInfo;
  return { baseUrl: `http://127.0.0.1:${port}/webhooks/${host.plugin.name}`, close: () => app.close() };
}
