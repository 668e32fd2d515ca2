import { z } from 'zod';

const HOUR_MS = 3_600_000;

/** The adapter's options: where each CM.com party is, and the identifiers and secrets the operator copies from CM.com. */
export const mobileServiceCloudOptionsSchema = z.object({
  botUrl: z
    .url()
    .describe('The Conversational AI Cloud engine URL of the bot project, up to the culture: `https://<engine host>/<customerKey>/<projectKey>/<culture>`'),
  botApiKey: z.string().min(1).describe("The bot project's engine API key"),
  presenceUrl: z.url().default('https://presence.robinhq.com').describe("MSC's presence service (`/api/v1` is appended)"),
  presenceApiKey: z.string().min(1).describe('The MSC API key of the presence check (its `apikey` parameter)'),
  controlUrl: z.url().default('https://api.conversational.cm.com').describe("The host of the router's control API (routing mutation requests)"),
  twoWayUrl: z.url().default('https://api.cm.com').describe("The host of the router's TwoWay message exchange"),
  productToken: z.string().min(1).describe('The CM.com product token, sent as `X-Cm-Producttoken`; also what the router sends to the message webhook'),
  technicalLinkId: z.string().min(1).describe('The account id (TechnicalLinkId) of the routing control API'),
  botRouterAccountId: z.string().min(1).describe("The bot router's account id of the TwoWay exchange (BotRouterAccountId)"),
  botAdapterId: z.string().min(1).describe("The router's adapter id of the Conversational AI Cloud bot (the rule's source)"),
  mscAdapterId: z.string().min(1).describe("The router's adapter id of Mobile Service Cloud (the rule's target)"),
  channelAdapterId: z.string().min(1).describe("The router's adapter id of this channel: user messages go out as it, MSC's come to its message webhook"),
  channel: z.string().min(1).default('WebConversations').describe('The channel name in TwoWay messages and in the ChatId derivation'),
  defaultMscChannel: z.string().min(1).default('WebChat').describe('The presence `Channel` when the bot answer has no `mscChannel`'),
  requestTimeoutMs: z.number().int().positive().default(10_000).describe('Timeout of each request to CM.com, in ms'),
  presenceTimeoutMs: z.number().int().positive().default(3_000).describe('Timeout of the presence check, in ms; no answer in time counts as offline'),
  retryDelayMs: z.number().int().positive().default(500).describe('First delay of the backoff between retries of a failed request, in ms'),
  sessionLockMs: z
    .number()
    .int()
    .positive()
    .default(24 * HOUR_MS)
    .describe('How long after the last activity of a handed-over end user the bot stays out of their chats, in ms (CM.com: 24 hours)'),
  gapWaitMs: z
    .number()
    .int()
    .positive()
    .default(1_000)
    .describe('How long a delivery from the router waits for an earlier one that is missing before it is passed on anyway, in ms'),
  resumeWindowMs: z
    .number()
    .int()
    .positive()
    .default(10 * 60_000)
    .describe(
      "How long a chat's deliveries and its end are kept in the host's store for a desk that resumes the chat (another gateway instance), in ms; keep the gateway's grace period within it",
    ),
});

export type MobileServiceCloudOptions = z.output<typeof mobileServiceCloudOptionsSchema>;
export type MobileServiceCloudOptionsInput = z.input<typeof mobileServiceCloudOptionsSchema>;

export const MOBILE_SERVICE_CLOUD_SECRET_OPTIONS = ['botApiKey', 'presenceApiKey', 'productToken'] as const;
