import { z } from 'zod';

const baseUrl = z
  .string()
  .url()
  .transform((value) => value.replace(/\/+$/, ''));

export const chatvisorOptionsSchema = z
  .object({
    apiUrl: baseUrl
      .default('https://api.chatvisor.com')
      .describe('The host of the Chatvisor REST API (the adapter appends `/rest/v1/...`); a simulator: its base URL.'),
    apiToken: z.string().min(1).describe('An API token (Settings > API > Keys), sent as `Authorization: Bearer`.'),
    webhookPathToken: z
      .string()
      .regex(/^[A-Za-z0-9_-]{24,}$/, 'must be at least 24 URL-safe characters (A-Z, a-z, 0-9, _ and -)')
      .describe(
        'The secret in the webhook URLs (`/webhooks/chatvisor/<token>/new-message`, ...): a request to any other path is refused. Chatvisor signs nothing, so this is what authenticates its webhooks.',
      ),
    webhookHmacSecret: z
      .string()
      .min(16)
      .optional()
      .describe(
        'When set, every webhook must also carry an HMAC-SHA256 of its body (`sha256=<hex>`) in `webhookHmacHeader`; for a relay or proxy in front of the gateway that signs them (Chatvisor itself does not).',
      ),
    webhookHmacHeader: z
      .string()
      .regex(/^[A-Za-z0-9-]+$/)
      .transform((value) => value.toLowerCase())
      .default('x-byosd-signature')
      .describe('The header that carries the HMAC when `webhookHmacSecret` is set.'),
    customerLabels: z.array(z.string().min(1)).default(['byosd']).describe('Labels the customer is tagged with when the chat starts.'),
    routeToUserId: z
      .string()
      .min(1)
      .optional()
      .describe(
        "Routes every chat to this agent (their user id, an e-mail address); the public agent chat URL is made for them. Leave both routing options out to let Chatvisor's routing rules decide.",
      ),
    routeToTeamId: z.string().min(1).optional().describe('Routes every chat to this team instead (not together with `routeToUserId`).'),
    visibilityLevel: z
      .enum(['PAGE', 'CHAT'])
      .default('CHAT')
      .describe('Which action rules `areAnyAgentsOnline` applies: those of the page (on open), or those of the chat too (the widget was clicked).'),
    pollIntervalMs: z.number().int().positive().default(2000).describe('How often the conversation is polled while webhooks are not arriving.'),
    safetyPollIntervalMs: z
      .number()
      .int()
      .positive()
      .default(15_000)
      .describe('How often the conversation is polled while webhooks arrive, to find anything a lost webhook did not announce.'),
    webhookTimeoutMs: z
      .number()
      .int()
      .positive()
      .default(5000)
      .describe(
        'How long after a change that must fire a webhook (the chat opened, a message sent, news found by a poll) the adapter waits for one before it falls back to polling.',
      ),
    requestTimeoutMs: z.number().int().positive().default(10_000).describe('How long to wait for Chatvisor to answer a request.'),
    retryDelayMs: z.number().int().nonnegative().default(200).describe('The base delay of the backoff when a request is retried.'),
  })
  .superRefine((options, context) => {
    if (options.routeToUserId !== undefined && options.routeToTeamId !== undefined) {
      context.addIssue({
        code: 'custom',
        path: ['routeToTeamId'],
        message: 'cannot be set together with routeToUserId: Chatvisor assigns to a user or to a team, not both',
      });
    }
  });

export type ChatvisorOptions = z.output<typeof chatvisorOptionsSchema>;
export type ChatvisorOptionsInput = z.input<typeof chatvisorOptionsSchema>;

/** The options that are secrets: never sent to a browser, never logged. */
export const CHATVISOR_SECRET_OPTIONS = ['apiToken', 'webhookPathToken', 'webhookHmacSecret'] as const;
