import type { WebSocketConstructor } from '@byosd/core';
import * as z from 'zod/mini';

/** Parses the gateway adapter's options. */
export const gatewayOptionsSchema = z.object({
  url: z.url().check(
    z.refine((value) => /^wss?:/.test(value), 'must be a ws:// or wss:// URL'),
    z.describe("The gateway's widget WebSocket URL, e.g. wss://chat.example.com/v1/chat."),
  ),
  adapter: z.string().check(z.minLength(1), z.describe('The adapter the gateway should hand the chat to (configured on the gateway, with its credentials).')),
  requestTimeoutMs: z._default(z.int().check(z.positive()), 10_000).check(z.describe('How long to wait for the gateway to answer a frame.')),
  reconnectAttempts: z
    ._default(z.int().check(z.nonnegative()), 8)
    .check(z.describe('How often to try to reconnect and resume after the connection drops, with backoff.')),
  reconnectDelayMs: z._default(z.int().check(z.nonnegative()), 200).check(z.describe('The base delay of the reconnect backoff.')),
  WebSocket: z
    .optional(z.custom<WebSocketConstructor>((value) => typeof value === 'function', { message: 'must be a WebSocket constructor' }))
    .check(z.describe('The WebSocket implementation to use. Default: the global one, else the `ws` package.')),
});

/** The gateway adapter's options, parsed. */
export type GatewayOptions = z.output<typeof gatewayOptionsSchema>;
/** The gateway adapter's options, as written. */
export type GatewayOptionsInput = z.input<typeof gatewayOptionsSchema>;

/** What the proxy desk persists to resume its chat on the gateway. */
export const gatewayResumeStateSchema = z.object({
  gatewayChatId: z.string().check(z.minLength(1)),
  token: z.string().check(z.minLength(1)),
  lastSeq: z.int().check(z.nonnegative()),
});
/** What the gateway adapter persists to resume a chat: the gateway's chat id, its token and the last seq. */
export type GatewayResumeState = z.infer<typeof gatewayResumeStateSchema>;
