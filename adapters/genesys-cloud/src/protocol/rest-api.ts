import { z } from 'zod';
import { structuredMessageSchema } from './structured-message.js';

/**
 * The Genesys Cloud REST bodies byosd reads. Guest-callable with the session's JWT: the message history.
 * Server-side with an OAuth client (never in a browser): the token, estimated wait time and queue observations.
 */

/** `GET /api/v2/webmessaging/messages` (Authorization: Bearer <the JWT from getJwt>); page 1 is the newest. */
export const messageHistorySchema = z.object({
  entities: z.array(structuredMessageSchema),
  pageSize: z.number().int().nullish(),
  pageNumber: z.number().int().nullish(),
  total: z.number().int().nullish(),
  pageCount: z.number().int().nullish(),
});
export type MessageHistory = z.infer<typeof messageHistorySchema>;

/** `POST /oauth/token` with Basic client id:secret and `grant_type=client_credentials`. */
export const oauthTokenResponseSchema = z.object({
  access_token: z.string().min(1),
  token_type: z.string().nullish(),
  expires_in: z.number().nullish(),
});
export type OAuthTokenResponse = z.infer<typeof oauthTokenResponseSchema>;

/** `GET /api/v2/routing/queues/{queueId}/estimatedwaittime`. */
export const estimatedWaitTimeSchema = z.object({
  results: z.array(
    z.object({
      intent: z.string().nullish(),
      formula: z.string().nullish(),
      estimatedWaitTimeSeconds: z.number().nonnegative().nullish(),
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
  metrics: z.array(z.string()).min(1),
});
export type QueueObservationQuery = z.infer<typeof queueObservationQuerySchema>;

/** Its answer: per queue, each metric's count (oOnQueueUsers once per routing status qualifier). */
export const queueObservationResultSchema = z.object({
  results: z.array(
    z.object({
      group: z.record(z.string(), z.string()).nullish(),
      data: z
        .array(z.object({ metric: z.string(), qualifier: z.string().nullish(), stats: z.object({ count: z.number().nullish() }).nullish() }))
        .nullish(),
    }),
  ),
});
export type QueueObservationResult = z.infer<typeof queueObservationResultSchema>;

/** What byosd's availability route (the server helper) answers the adapter. */
export const availabilityAnswerSchema = z.object({
  agentsOnline: z.boolean().nullable(),
  estimatedWaitSeconds: z.number().nonnegative().nullable(),
});
export type AvailabilityAnswer = z.infer<typeof availabilityAnswerSchema>;
