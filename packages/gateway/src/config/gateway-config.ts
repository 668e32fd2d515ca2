import { ErrorCode, jsonObjectSchema, parseOrThrow } from '@byosd/core';
import { z } from 'zod';

const MINUTE = 60_000;

/**
 * The gateway's configuration. Every field has a `.describe()`: docs/gateway.md's table is checked against it.
 * `environment` names the variable the CLI reads each field from.
 */
export const gatewayConfigSchema = z.object({
  host: z.string().min(1).default('127.0.0.1').describe('The address to listen on (0.0.0.0 for every interface).'),
  port: z.number().int().min(0).max(65_535).default(8080).describe('The port to listen on; 0 picks a free one.'),
  publicBaseUrl: z
    .string()
    .url()
    .optional()
    .describe('The URL the gateway is reached at from outside (behind a proxy). Webhook signatures are checked against URLs built from it.'),
  trustProxy: z
    .boolean()
    .default(false)
    .describe(
      'Whether to believe X-Forwarded-For/-Proto/-Host (only behind a proxy that sets them): client addresses for short-code rate limits come from them.',
    ),
  allowedOrigins: z
    .array(z.string().min(1))
    .default([])
    .describe('Browser origins allowed to open chats and call the short-code endpoints (`*` allows any). Requests without Origin always pass.'),
  adapters: z
    .record(z.string().min(1), jsonObjectSchema)
    .refine((adapters) => Object.keys(adapters).length > 0, 'configure at least one adapter')
    .describe('The adapters clients may use, by name or module specifier, each with its server-side options (credentials stay here).'),
  store: z
    .enum(['memory', 'redis'])
    .default('memory')
    .describe('Where chats, event logs, leases and short codes live: this process, or Redis (several instances).'),
  redisUrl: z.string().url().default('redis://127.0.0.1:6379').describe('The Redis server, when `store` is redis.'),
  redisKeyPrefix: z.string().default('byosd:').describe('Prefix of every Redis key the gateway writes.'),
  redisCommandTimeoutMs: z
    .number()
    .int()
    .positive()
    .default(2000)
    .describe('How long a Redis command may wait before it fails, so that a frozen Redis cannot hang the gateway.'),
  readinessTimeoutMs: z.number().int().positive().default(1000).describe('How long /readyz waits for the stores to answer before it answers 503.'),
  instanceId: z.string().min(1).optional().describe("This instance's name in ownership leases. Default: random."),
  gracePeriodMs: z
    .number()
    .int()
    .positive()
    .default(5 * MINUTE)
    .describe('How long a chat waits for its client to come back before it is ended.'),
  leaseTtlMs: z
    .number()
    .int()
    .positive()
    .default(15_000)
    .describe("How long an instance's claim on a chat lasts without renewal (an instance that shut down or died releases it sooner: see instanceTtlMs)."),
  instanceTtlMs: z
    .number()
    .int()
    .positive()
    .default(3000)
    .describe(
      "How long an instance's presence in the stores lasts without renewal (renewed every third of it). A client resuming a chat whose instance died is served this long after the death at most, whatever `leaseTtlMs` is.",
    ),
  handoverTimeoutMs: z
    .number()
    .int()
    .positive()
    .default(5000)
    .describe(
      "How long an instance waits for a chat's owner to hand the chat over when its client resumes there; past it the client is refused with BACKEND_UNAVAILABLE (retryable).",
    ),
  webhookHoldMs: z
    .number()
    .int()
    .positive()
    .default(MINUTE)
    .describe(
      "How long a webhook event that no instance listens for is held for the chat's desk (its instance died and its client has not resumed it yet, or Redis is reconnecting), when `store` is redis.",
    ),
  webhookHoldLimit: z.number().int().positive().default(100).describe('The most webhook events held per chat; the oldest go first.'),
  eventLogLimit: z.number().int().positive().default(1000).describe('Events kept per chat for resume.'),
  maxFrameBytes: z
    .number()
    .int()
    .positive()
    .default(64 * 1024)
    .describe('The largest client frame accepted, in bytes.'),
  maxJsonDepth: z
    .number()
    .int()
    .min(8)
    .max(1000)
    .default(32)
    .describe(
      'The deepest nesting of arrays and objects a client frame may have (the frame itself is level 1); deeper frames are refused with INVALID_INPUT before they are parsed further.',
    ),
  helloTimeoutMs: z.number().int().positive().default(10_000).describe('How long a new widget connection may take to send hello; then it is closed with 4002.'),
  pingIntervalMs: z
    .number()
    .int()
    .positive()
    .default(30_000)
    .describe('How often widget connections are pinged; one that has not answered the previous ping is dropped.'),
  maxConnections: z
    .number()
    .int()
    .positive()
    .default(10_000)
    .describe('Widget connections one instance holds at once; past it the WebSocket upgrade is refused with 503.'),
  maxChats: z
    .number()
    .int()
    .positive()
    .default(5_000)
    .describe('Chats one instance hosts at once; past it `start` is refused with BACKEND_UNAVAILABLE (retryable). Resumed chats are not refused.'),
  maxChatsPerConnection: z
    .number()
    .int()
    .positive()
    .default(10)
    .describe('Chats one widget connection may start over its life; past it `start` is refused with RATE_LIMITED (not retryable on that connection).'),
  maxBufferedBytes: z
    .number()
    .int()
    .positive()
    .default(4 * 1024 * 1024)
    .describe(
      'Bytes of frames waiting for one widget to read them; a client that lets more pile up is disconnected (its chat waits for it to resume). Keep it above a full replay (`eventLogLimit` events) so that a slow but honest client is not cut off while it resumes.',
    ),
  httpRequestTimeoutMs: z
    .number()
    .int()
    .positive()
    .default(10_000)
    .describe('How long an HTTP request (headers and body) may take to arrive; a slower client is answered 408 and cut off.'),
  framesPerSecond: z.number().positive().default(20).describe('Client frames per second allowed on one connection, on average.'),
  frameBurst: z.number().int().positive().default(40).describe('Client frames allowed at once on one connection.'),
  maxUploadBytes: z
    .number()
    .int()
    .positive()
    .default(10 * 1024 * 1024)
    .describe('Bytes of uploaded files one chat may hold at once; files already sent give way to new ones.'),
  shortCodeLength: z.number().int().min(4).max(16).default(6).describe('Characters in a co-browse short code.'),
  shortCodeTtlMs: z
    .number()
    .int()
    .positive()
    .default(5 * MINUTE)
    .describe('How long a short code can be redeemed.'),
  shortCodeGuessesPerMinute: z.number().int().positive().default(10).describe('Failed short-code look-ups allowed per client per minute.'),
  shortCodeCreatesPerMinute: z
    .number()
    .int()
    .positive()
    .default(10)
    .describe('`PUT /assistserver/shortcode/create` calls allowed per client address per minute; past it 429 with Retry-After.'),
  shutdownDelayMs: z
    .number()
    .int()
    .nonnegative()
    .default(0)
    .describe(
      'How long to go on serving after a shutdown begins, with /readyz answering 503, so that load balancers stop sending traffic before the gateway stops listening.',
    ),
  shutdownTimeoutMs: z.number().int().positive().default(10_000).describe('How long a graceful shutdown waits for in-flight work.'),
  logLevel: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info').describe('The lowest log level written (JSON lines on stdout).'),
});

export type GatewayConfig = z.output<typeof gatewayConfigSchema>;
export type GatewayConfigInput = z.input<typeof gatewayConfigSchema>;

/** Parses a configuration. @throws INVALID_OPTIONS naming every bad field. */
export function parseGatewayConfig(input: unknown): GatewayConfig {
  return parseOrThrow(gatewayConfigSchema, input, ErrorCode.INVALID_OPTIONS, 'Invalid gateway configuration');
}
