import { ErrorCode, jsonObjectSchema, parseOrThrow } from '@byosd/core';
import * as z from 'zod/mini';

const MINUTE = 60_000;

/** A field with its description, which zod keeps in its global registry (docs/gateway.md's table and `--help` read it). */
function described<T extends z.ZodMiniType>(schema: T, description: string): T {
  return schema.check(z.describe(description));
}

/** A whole number above 0, `defaultValue` when absent. */
function positiveInt(defaultValue: number) {
  return z._default(z.int().check(z.positive()), defaultValue);
}

/**
 * The gateway's configuration. Every field is `described`: docs/gateway.md's table is checked against it.
 * `environment` names the variable the CLI reads each field from.
 */
export const gatewayConfigSchema = z.object({
  host: described(z._default(z.string().check(z.minLength(1)), '127.0.0.1'), 'The address to listen on (0.0.0.0 for every interface).'),
  port: described(z._default(z.int().check(z.gte(0), z.lte(65_535)), 8080), 'The port to listen on; 0 picks a free one.'),
  publicBaseUrl: described(
    z.optional(z.url()),
    'The URL the gateway is reached at from outside (behind a proxy). Webhook signatures are checked against URLs built from it.',
  ),
  trustProxy: described(
    z._default(z.boolean(), false),
    'Whether to believe X-Forwarded-For/-Proto/-Host (only behind a proxy that sets them): client addresses for short-code rate limits come from them.',
  ),
  allowedOrigins: described(
    z._default(z.array(z.string().check(z.minLength(1))), []),
    'Browser origins allowed to open chats and call the short-code endpoints (`*` allows any). Requests without Origin always pass.',
  ),
  adapters: described(
    z
      .record(z.string().check(z.minLength(1)), jsonObjectSchema)
      .check(z.refine((adapters) => Object.keys(adapters).length > 0, 'configure at least one adapter')),
    'The adapters clients may use, by name or module specifier, each with its server-side options (credentials stay here).',
  ),
  store: described(
    z._default(z.enum(['memory', 'redis']), 'memory'),
    'Where chats, event logs, leases and short codes live: this process, or Redis (several instances).',
  ),
  redisUrl: described(z._default(z.url(), 'redis://127.0.0.1:6379'), 'The Redis server, when `store` is redis.'),
  redisKeyPrefix: described(z._default(z.string(), 'byosd:'), 'Prefix of every Redis key the gateway writes.'),
  redisCommandTimeoutMs: described(positiveInt(2000), 'How long a Redis command may wait before it fails, so that a frozen Redis cannot hang the gateway.'),
  readinessTimeoutMs: described(positiveInt(1000), 'How long /readyz waits for the stores to answer before it answers 503.'),
  instanceId: described(z.optional(z.string().check(z.minLength(1))), "This instance's name in ownership leases. Default: random."),
  gracePeriodMs: described(positiveInt(5 * MINUTE), 'How long a chat waits for its client to come back before it is ended.'),
  leaseTtlMs: described(
    positiveInt(15_000),
    "How long an instance's claim on a chat lasts without renewal (an instance that shut down or died releases it sooner: see instanceTtlMs).",
  ),
  instanceTtlMs: described(
    positiveInt(3000),
    "How long an instance's presence in the stores lasts without renewal (renewed every third of it). A client resuming a chat whose instance died is served this long after the death at most, whatever `leaseTtlMs` is.",
  ),
  handoverTimeoutMs: described(
    positiveInt(5000),
    "How long an instance waits for a chat's owner to hand the chat over when its client resumes there; past it the client is refused with BACKEND_UNAVAILABLE (retryable).",
  ),
  webhookHoldMs: described(
    positiveInt(MINUTE),
    "How long a webhook event that no instance listens for is held for the chat's desk (its instance died and its client has not resumed it yet, or Redis is reconnecting), when `store` is redis.",
  ),
  webhookHoldLimit: described(positiveInt(100), 'The most webhook events held per chat; the oldest go first.'),
  eventLogLimit: described(positiveInt(1000), 'Events kept per chat for resume.'),
  maxFrameBytes: described(positiveInt(64 * 1024), 'The largest client frame accepted, in bytes.'),
  maxJsonDepth: described(
    z._default(z.int().check(z.gte(8), z.lte(1000)), 32),
    'The deepest nesting of arrays and objects a client frame may have (the frame itself is level 1); deeper frames are refused with INVALID_INPUT before they are parsed further.',
  ),
  helloTimeoutMs: described(positiveInt(10_000), 'How long a new widget connection may take to send hello; then it is closed with 4002.'),
  pingIntervalMs: described(positiveInt(30_000), 'How often widget connections are pinged; one that has not answered the previous ping is dropped.'),
  maxConnections: described(positiveInt(10_000), 'Widget connections one instance holds at once; past it the WebSocket upgrade is refused with 503.'),
  maxChats: described(
    positiveInt(5_000),
    'Chats one instance hosts at once; past it `start` is refused with BACKEND_UNAVAILABLE (retryable). Resumed chats are not refused.',
  ),
  maxChatsPerConnection: described(
    positiveInt(10),
    'Chats one widget connection may start over its life; past it `start` is refused with RATE_LIMITED (not retryable on that connection).',
  ),
  maxBufferedBytes: described(
    positiveInt(4 * 1024 * 1024),
    'Bytes of frames waiting for one widget to read them; a client that lets more pile up is disconnected (its chat waits for it to resume). Keep it above a full replay (`eventLogLimit` events) so that a slow but honest client is not cut off while it resumes.',
  ),
  httpRequestTimeoutMs: described(
    positiveInt(10_000),
    'How long an HTTP request (headers and body) may take to arrive; a slower client is answered 408 and cut off.',
  ),
  framesPerSecond: described(z._default(z.number().check(z.positive()), 20), 'Client frames per second allowed on one connection, on average.'),
  frameBurst: described(positiveInt(40), 'Client frames allowed at once on one connection.'),
  maxUploadBytes: described(positiveInt(10 * 1024 * 1024), 'Bytes of uploaded files one chat may hold at once; files already sent give way to new ones.'),
  shortCodeLength: described(z._default(z.int().check(z.gte(4), z.lte(16)), 6), 'Characters in a co-browse short code.'),
  shortCodeTtlMs: described(positiveInt(5 * MINUTE), 'How long a short code can be redeemed.'),
  shortCodeGuessesPerMinute: described(positiveInt(10), 'Failed short-code look-ups allowed per client per minute.'),
  shortCodeCreatesPerMinute: described(
    positiveInt(10),
    '`PUT /assistserver/shortcode/create` calls allowed per client address per minute; past it 429 with Retry-After.',
  ),
  shutdownDelayMs: described(
    z._default(z.int().check(z.nonnegative()), 0),
    'How long to go on serving after a shutdown begins, with /readyz answering 503, so that load balancers stop sending traffic before the gateway stops listening.',
  ),
  shutdownTimeoutMs: described(positiveInt(10_000), 'How long a graceful shutdown waits for in-flight work.'),
  logLevel: described(z._default(z.enum(['debug', 'info', 'warn', 'error', 'silent']), 'info'), 'The lowest log level written (JSON lines on stdout).'),
});

export type GatewayConfig = z.output<typeof gatewayConfigSchema>;
export type GatewayConfigInput = z.input<typeof gatewayConfigSchema>;

/** Parses a configuration. @throws INVALID_OPTIONS naming every bad field. */
export function parseGatewayConfig(input: unknown): GatewayConfig {
  return parseOrThrow(gatewayConfigSchema, input, ErrorCode.INVALID_OPTIONS, 'Invalid gateway configuration');
}
