import { persistedChatSchema } from '@byosd/core';
import * as z from 'zod/mini';

/** What comes back from Redis is input like any other: parsed before use. */
export const chatRecordSchema = z.object({
  chatId: z.string(),
  adapter: z.string(),
  tokenHash: z.string(),
  createdAt: z.number(),
  persisted: z.optional(persistedChatSchema),
  endedAt: z.optional(z.number()),
});

export const shortCodeRecordSchema = z.object({
  sessionToken: z.string(),
  cid: z.string(),
  chatId: z.optional(z.string()),
  createdAt: z.number(),
});
