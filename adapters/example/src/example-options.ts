import { z } from 'zod';
import { webSocketConstructorOptionSchema, webSocketUrlSchema } from '@byosd/core';

export const exampleOptionsSchema = z.object({
  url: z
    .optional(webSocketUrlSchema)
    .describe('WebSocket URL of an example desk simulator (`byosd simulate example`). Without it, the adapter uses an in-process desk.'),
  deskName: z.string().min(1).default('default').describe('Which in-process desk to use when there is no `url` (see registerExampleDesk).'),
  requestTimeoutMs: z.number().int().positive().default(5000).describe('How long to wait for the desk to answer a request.'),
  reconnectAttempts: z.number().int().nonnegative().default(8).describe('How often to try to reconnect after the connection drops, with backoff.'),
  reconnectDelayMs: z.number().int().nonnegative().default(100).describe('The base delay of the reconnect backoff.'),
  maxFileBytes: z.number().int().positive().default(5 * 1024 * 1024).describe('The largest file the user may attach.'),
  WebSocket: webSocketConstructorOptionSchema,
});

export type ExampleOptions = z.output<typeof exampleOptionsSchema>;
export type ExampleOptionsInput = z.input<typeof exampleOptionsSchema>;
