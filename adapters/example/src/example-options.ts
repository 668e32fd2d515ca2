import * as z from 'zod/mini';
import { webSocketConstructorOptionSchema, webSocketUrlSchema } from '@byosd/core';

export const exampleOptionsSchema = z.object({
  url: z
    .optional(webSocketUrlSchema)
    .check(z.describe('WebSocket URL of an example desk simulator (`byosd simulate example`). Without it, the adapter uses an in-process desk.')),
  deskName: z
    ._default(z.string().check(z.minLength(1)), 'default')
    .check(z.describe('Which in-process desk to use when there is no `url` (see registerExampleDesk).')),
  requestTimeoutMs: z._default(z.int().check(z.positive()), 5000).check(z.describe('How long to wait for the desk to answer a request.')),
  reconnectAttempts: z._default(z.int().check(z.nonnegative()), 8).check(z.describe('How often to try to reconnect after the connection drops, with backoff.')),
  reconnectDelayMs: z._default(z.int().check(z.nonnegative()), 100).check(z.describe('The base delay of the reconnect backoff.')),
  maxFileBytes: z._default(z.int().check(z.positive()), 5 * 1024 * 1024).check(z.describe('The largest file the user may attach.')),
  WebSocket: webSocketConstructorOptionSchema,
});

export type ExampleOptions = z.output<typeof exampleOptionsSchema>;
export type ExampleOptionsInput = z.input<typeof exampleOptionsSchema>;
