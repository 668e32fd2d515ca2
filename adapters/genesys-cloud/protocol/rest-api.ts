import * as z from 'zod/mini';
import { structuredMessageSchema } from './structured-message.js';

/**
 * The Genesys Cloud REST bodies byosd reads. Guest-callable with the session's JWT: the message history.
 * Server-side with an OAuth client (never in a browser): the token, estimated wait time and queue observations.
 */

/** `GET /api/v2/webmessaging/messages` (Authorization: Bearer <the JWT from getJwt>); page 1 is the newest. */
export const messageHistorySchema = z.object({
  entities: z.array(structuredMessageSchema),
  pageSize: z.nullish(z.int()),
  pageNumber: z.nullish(z.int()),
  total: z.nullish(z.int()),
  pageCount: z.nullish(z.int()),
});
export type MessageHistory = z.infer<typeof messageHistorySchema>;

/** `POST /oauth/token` with Basic client id:secret and `grant_type=client_credentials`. */
export const oauthTokenResponseSchema = z.object({
  access_token: z.string().check(z.minLength(1)),
  token_type: z.nullish(z.string()),
  expires_in: z.nullish(z.number()),
});
export type OAuthTokenResponse = z.infer<typeof oauthTokenResponseSchema>;

/** `GET /api/v2/routing/queues/{queueId}/estimatedwaittime`. */
export const estimatedWaitTimeSchema = z.object({
  results: z.array(
    z.object({
      intent: z.nullish(z.string()),
      formula: z.nullish(z.string()),
      estimatedWaitTimeSeconds: z.nullish(z.number().check(z.nonnegative())),
    }),
  ),
});
export type EstimatedWaitTime = z.infer<typeof estimatedWaitTimeSchema>;

/** `POST /api/v2/analytics/queues/observations/query`: the request byosd sends. */
export const queueObservationQuerySchema = z.object({
  filter: z.object({
    type: z.enum(['and', 'or']),
    predicates: z.array(z.object({ type: z.literal('dimension'), dimension: z.string(), operator: z.literal('matches'), value: z.string() })),
  }),
  metrics: z.array(z.string()).check(z.minLength(1)),
});
export type QueueObservationQuery = z.infer<typeof queueObservationQuerySchema>;

/** Its answer: per queue, each metric's count (oOnQueueUsers once per routing status qualifier). */
export const queueObservationResultSchema = z.object({
  results: z.array(
    z.object({
      group: z.nullish(z.record(z.string(), z.string())),
      data: z.nullish(
        z.array(z.object({ metric: z.string(), qualifier: z.nullish(z.string()), stats: z.nullish(z.object({ count: z.nullish(z.number()) })) })),
      ),
    }),
  ),
});
export type QueueObservationResult = z.infer<typeof queueObservationResultSchema>;

/** What byosd's availability route (the server helper) answers the adapter. */
export const availabilityAnswerSchema = z.object({
  agentsOnline: z.nullable(z.boolean()),
  estimatedWaitSeconds: z.nullable(z.number().check(z.nonnegative())),
});
export type AvailabilityAnswer = z.infer<typeof availabilityAnswerSchema>;
