import * as z from 'zod/mini';
import type { WebSocketConstructor } from './websocket.js';

/** An option holding a ws:// or wss:// URL. */
export const webSocketUrlSchema = z.url().check(z.refine((value) => /^wss?:/.test(value), 'must be a ws:// or wss:// URL'));

/** The optional `WebSocket` option every socket adapter takes: an implementation to use instead of the default. */
export const webSocketConstructorOptionSchema = z
  .optional(z.custom<WebSocketConstructor>((value) => typeof value === 'function', { message: 'must be a WebSocket constructor' }))
  .check(z.describe('The WebSocket implementation to use. Default: the global one, else the `ws` package.'));
