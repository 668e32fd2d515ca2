import { type AdapterPlugin, createMemoryWebhookHub, type Logger, randomId, type WebhookHub } from '@byosd/core';
import { createServer } from 'node:http';
import Fastify, { type FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { type GatewayConfig, type GatewayConfigInput, parseGatewayConfig } from '../config/gateway-config.js';
import { mountOperationsRoutes } from '../ops/health-routes.js';
import { mountProtocolDocumentRoutes } from './protocol-document-routes.js';
import { InFlightRequests } from '../ops/in-flight-requests.js';
import { GatewayMetrics } from '../ops/metrics.js';
import { GuessLimiter } from '../short-codes/guess-limiter.js';
import { mountShortCodeRoutes } from '../short-codes/short-code-routes.js';
import { ShortCodeService } from '../short-codes/short-code-service.js';
import { createStores } from '../stores/create-stores.js';
import { createRedisWebhookHub } from '../webhooks/redis-webhook-hub.js';
import type { GatewayStores } from '../stores/stores.js';
import { AdapterCatalog } from './adapter-catalog.js';
import { ChatHandover } from './chat-handover.js';
import { ChatHost } from './chat-host.js';
import { lazySchemaCompilers } from './lazy-schema-compilers.js';
import { InstancePresence } from './instance-presence.js';
import { enforceOriginPolicy } from './origin-hook.js';
import { mountWebhookRoutes } from './webhook-ingress.js';
import { WIDGET_SOCKET_PATH, WidgetSocketServer } from './widget-socket-server.js';

export interface GatewayDependencies {
  /** Adapter plugins to offer besides those the config names as modules (tests and embedding apps pass theirs). */
  plugins?: readonly AdapterPlugin[];
  /** Stores to use instead of those the config describes; the caller closes them. */
  stores?: GatewayStores;
  /** Where webhook routes hand events to desks. Default: Redis pub/sub when `store` is redis, else in-process. */
  webhookHub?: WebhookHub;
  /** A pino logger, or anything of the same shape. Default: pino on stdout at `config.logLevel`. */
  logger?: Logger;
  /**
   * Mounts more HTTP routes on the gateway's server, before it listens (the browser demo serves its pages and the
   * simulators' control APIs this way). They pass the same origin policy as the gateway's own routes.
   */
  routes?: (app: FastifyInstance) => Promise<void> | void;
}

export interface Gateway {
  /** The widget WebSocket URL, e.g. `ws://127.0.0.1:8080/v1/chat`. */
  readonly url: string;
  /** The HTTP base URL (health, metrics, webhooks, short codes). */
  readonly httpUrl: string;
  readonly config: GatewayConfig;
  readonly instanceId: string;
  readonly stores: GatewayStores;
  readonly metrics: GatewayMetrics;
  /** How many chats this instance hosts. */
  readonly activeChats: number;
  /**
   * Shuts down gracefully: stops accepting, lets in-flight frames and requests finish, then hands every chat
   * over (shared stores) or ends it (memory stores). Idempotent.
   */
  close(): Promise<void>;
}

/**
 * Starts a gateway. Bad configuration (a field, an adapter's options, an unknown adapter) rejects with a
 * `ServiceDeskError` naming it, before anything listens.
 *
 * ```ts
 * const gateway = await startGateway({ port: 0, adapters: { example: {} } });
 * // widgets: loadServiceDesk('gateway', { url: gateway.url, adapter: 'example' })
 * await gateway.close();
 * ```
 */
export async function startGateway(input: GatewayConfigInput, dependencies: GatewayDependencies = {}): Promise<Gateway> {
  const config = parseGatewayConfig(input);
  const logger = dependencies.logger ?? pino({ level: config.logLevel, base: { service: 'byosd-gateway' } });
  const instanceId = config.instanceId ?? randomId();
  const catalog = await AdapterCatalog.load(config.adapters, dependencies.plugins ?? [], logger);
  const stores = dependencies.stores ?? (await createStores(config, logger));
  const metrics = new GatewayMetrics(catalog.names());
  const ownHub =
    dependencies.webhookHub === undefined && config.store === 'redis'
      ? await createRedisWebhookHub({
          url: config.redisUrl,
          channelPrefix: config.redisKeyPrefix,
          logger,
          commandTimeoutMs: config.redisCommandTimeoutMs,
          holdMs: config.webhookHoldMs,
          holdLimit: config.webhookHoldLimit,
        })
      : undefined;
  const webhookHub = dependencies.webhookHub ?? ownHub ?? createMemoryWebhookHub();
  const handover = new ChatHandover({
    channel: stores.handovers,
    leases: stores.leases,
    instances: stores.instances,
    instanceId,
    leaseTtlMs: config.leaseTtlMs,
    timeoutMs: config.handoverTimeoutMs,
    logger,
  });
  const host = new ChatHost({
    catalog,
    stores,
    webhookHub,
    logger,
    metrics,
    instanceId,
    gracePeriodMs: config.gracePeriodMs,
    leaseTtlMs: config.leaseTtlMs,
    maxUploadBytes: config.maxUploadBytes,
    maxChats: config.maxChats,
    handover,
    retention: { liveMs: 24 * 60 * 60_000, endedMs: config.gracePeriodMs, eventLogLimit: config.eventLogLimit },
  });
  const presence = new InstancePresence({
    instances: stores.instances,
    instanceId,
    ttlMs: config.instanceTtlMs,
    logger,
    // Other instances may have taken this one for dead and its chats over: those are let go at once.
    onLapsed: () => host.renewLeases(),
  });
  await presence.start();
  await handover.serve((chatId, requester) => host.handOver(chatId, requester));
  const shortCodes = new ShortCodeService({ store: stores.shortCodes, length: config.shortCodeLength, ttlMs: config.shortCodeTtlMs });
  /** False once shutdown begins: /readyz answers 503. */
  let ready = true;
  /** False once the gateway stops taking new connections and requests (after `shutdownDelayMs`). */
  let accepting = true;

  const app = Fastify({
    logger: false,
    schemaController: { compilersFactory: lazySchemaCompilers() },
    trustProxy: config.trustProxy,
    // A request (headers and body) must arrive within httpRequestTimeoutMs: a body trickled byte by byte is cut
    // off with 408. Node checks the deadline at its connections-checking interval, made short enough to matter.
    serverFactory: (handler) =>
      createServer(
        {
          requestTimeout: config.httpRequestTimeoutMs,
          headersTimeout: Math.min(config.httpRequestTimeoutMs, 60_000),
          connectionsCheckingInterval: Math.max(50, Math.min(1000, Math.floor(config.httpRequestTimeoutMs / 4))),
        },
        handler,
      ),
  });
  const requests = new InFlightRequests(app);
  enforceOriginPolicy(app, config.allowedOrigins);
  mountOperationsRoutes(app, { ready: () => ready, storesReachable: () => stores.ping(), timeoutMs: config.readinessTimeoutMs }, metrics);
  mountShortCodeRoutes(app, shortCodes, {
    guesses: new GuessLimiter(stores.attempts, 'shortcode-guess', config.shortCodeGuessesPerMinute),
    creates: new GuessLimiter(stores.attempts, 'shortcode-create', config.shortCodeCreatesPerMinute),
  });
  mountProtocolDocumentRoutes(app);
  const adapterStore = stores.adapterStore?.bind(stores);
  await mountWebhookRoutes(app, { catalog, webhookHub, logger, metrics, publicBaseUrl: config.publicBaseUrl, ...(adapterStore ? { adapterStore } : {}) });
  await dependencies.routes?.(app);

  const sockets = new WidgetSocketServer({
    host,
    shortCodes,
    metrics,
    logger,
    limits: {
      maxFrameBytes: config.maxFrameBytes,
      maxJsonDepth: config.maxJsonDepth,
      framesPerSecond: config.framesPerSecond,
      frameBurst: config.frameBurst,
      helloTimeoutMs: config.helloTimeoutMs,
      maxChatsPerConnection: config.maxChatsPerConnection,
      maxBufferedBytes: config.maxBufferedBytes,
    },
    pingIntervalMs: config.pingIntervalMs,
    maxConnections: config.maxConnections,
    allowedOrigins: config.allowedOrigins,
    accepting: () => accepting,
  });
  app.server.on('upgrade', (request, socket, head) => sockets.handleUpgrade(request, socket, head));

  await app.listen({ host: config.host, port: config.port });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const authority = `${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  logger.info({ instanceId, port, adapters: catalog.names(), store: config.store }, 'Gateway listening');

  const withinShutdownTimeout = (work: Promise<unknown>) =>
    Promise.race([work, new Promise((resolve) => setTimeout(resolve, config.shutdownTimeoutMs).unref())]);
  let closing: Promise<void> | undefined;
  const shutdown = async () => {
    ready = false;
    logger.info({ instanceId, delayMs: config.shutdownDelayMs }, 'Gateway shutting down');
    // Load balancers see /readyz fail and stop sending traffic, while the gateway still serves what comes.
    if (config.shutdownDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, config.shutdownDelayMs));
    accepting = false;
    // The HTTP server stops listening at once; it finishes closing once the widget sockets are closed too.
    const httpClosed = app.close();
    await withinShutdownTimeout(Promise.all([requests.idle(), sockets.drain()]));
    // Chats are handed over to whichever instance their clients resume on; asking this one meanwhile gets no answer.
    await handover.close();
    await host.close();
    await presence.stop();
    await sockets.close();
    await withinShutdownTimeout(httpClosed);
    if (!dependencies.stores) await stores.close();
    await ownHub?.close();
    logger.info({ instanceId }, 'Gateway stopped');
  };

  return {
    url: `ws://${authority}${WIDGET_SOCKET_PATH}`,
    httpUrl: `http://${authority}`,
    config,
    instanceId,
    stores,
    metrics,
    get activeChats() {
      return host.size;
    },
    close: () => (closing ??= shutdown()),
  };
}
