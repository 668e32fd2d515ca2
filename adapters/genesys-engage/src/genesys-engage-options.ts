import * as z from 'zod/mini';

const httpUrl = z.url().check(z.refine((value) => /^https?:/.test(value), 'must be an http:// or https:// URL'));
const milliseconds = (fallback: number, description: string) => z._default(z.int().check(z.positive()), fallback).check(z.describe(description));

/**
 * The Genesys Engage adapter's options. Nothing here is secret: the customer chat API is anonymous, and the
 * contact centre id is a routing key that every page of the site carries, so the adapter runs in a page as well as
 * on the gateway.
 */
export const genesysEngageOptionsSchema = z
  .object({
    baseUrl: httpUrl.check(
      z.describe(
        'The Genesys Web Services (GWS) base URL that serves the customer chat API, e.g. `https://gws.example.com` (the adapter appends `/api/v2/...`).',
      ),
    ),
    contactCenterId: z
      .string()
      .check(
        z.minLength(1),
        z.describe('The id of the contact centre that serves the chats, sent as the `ContactCenterId` header (ask the GWS administrator).'),
      ),
    pathStyle: z
      ._default(z.enum(['chats', 'me-chat']), 'chats')
      .check(
        z.describe(
          'Which spelling of the resource paths to use: `chats` (`/api/v2/chats/{id}`, the API reference) or `me-chat` (`/api/v2/me/chat/{id}`, the customer "me" resource of the GWS general page).',
        ),
      ),
    endpoint: z
      .optional(z.string().check(z.minLength(1)))
      .check(z.describe('The chat service endpoint (queue) that routes the chats, sent as RequestChat `endpoint`; GWS uses its default endpoint without it.')),
    nickname: z._default(z.string().check(z.minLength(1)), 'Customer').check(z.describe("The customer's nickname when the pre-chat data has no `nickname`.")),
    withCredentials: z
      ._default(z.boolean(), true)
      .check(
        z.describe(
          "In a page: send cookies with the cross-origin requests (GWS's own sample does; GWS must then answer CORS with the page's origin and credentials).",
        ),
      ),
    minPollIntervalMs: milliseconds(500, 'The fastest polling: the interval while the agent is typing, and for `activeHoldMs` after a sign of activity.'),
    maxPollIntervalMs: milliseconds(10_000, 'The slowest polling: the interval that idle backoff stops at (a Retry-After longer than this is still honoured).'),
    backoffMultiplier: z
      ._default(z.number().check(z.gte(1), z.lte(4)), 2)
      .check(z.describe('How much the interval grows after each poll with nothing new, once the chat is idle.')),
    activeHoldMs: milliseconds(
      8000,
      'How long polling stays at its fastest after a sign of activity: the agent wrote or joined; the user typed, sent, came back to the page or resumed the chat.',
    ),
    typingHoldMs: milliseconds(30_000, "How long an agent's TypingStarted keeps polling at its fastest when no TypingStopped follows."),
    pollJitter: z
      ._default(z.number().check(z.gte(0), z.lte(0.5)), 0.2)
      .check(
        z.describe(
          'Each interval is scaled by a random factor in [1 - jitter, 1 + jitter] (then kept within the bounds), so that many chats do not poll in step.',
        ),
      ),
    chatStateCheckIntervalMs: milliseconds(
      120_000,
      'How often the chat resource is read to learn that the chat ended without a message saying so; it is also read whenever an agent leaves.',
    ),
    requestTimeoutMs: milliseconds(10_000, 'How long to wait for GWS to answer one request.'),
    retryDelayMs: milliseconds(250, 'The base delay of the backoff between retries of a failed send, typing notification or Complete.'),
    sendRetries: z._default(z.int().check(z.nonnegative()), 5).check(z.describe('How often a failed send, typing notification or Complete is retried.')),
  })
  .check(
    z.refine((options) => options.minPollIntervalMs <= options.maxPollIntervalMs, {
      message: 'must not be below minPollIntervalMs',
      path: ['maxPollIntervalMs'],
    }),
  );

export type GenesysEngageOptions = z.output<typeof genesysEngageOptionsSchema>;
export type GenesysEngageOptionsInput = z.input<typeof genesysEngageOptionsSchema>;
