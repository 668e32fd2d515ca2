import { z } from 'zod';

const sid = (prefix: string) => z.string().regex(new RegExp(`^${prefix}[0-9a-fA-F]{32}$`), `must be a ${prefix}... SID (${prefix} and 32 hex digits)`);
const baseUrl = z
  .string()
  .url()
  .transform((value) => value.replace(/\/+$/, ''));

export const twilioFlexOptionsSchema = z
  .object({
    accountSid: sid('AC').describe('The Twilio Account SID (HTTP Basic user for REST calls).'),
    authToken: z.string().min(1).describe('The Auth Token: the REST password, and the key webhook signatures are checked with.'),
    startMode: z
      .enum(['web-chats', 'interactions'])
      .default('web-chats')
      .describe(
        'How a chat reaches Flex: `web-chats` (POST /v2/WebChats on a Flex address) or `interactions` (create the conversation, then POST /v1/Interactions).',
      ),
    addressSid: z.string().min(1).optional().describe('The Flex Conversations address (IG...) for `web-chats`.'),
    workspaceSid: sid('WS').describe('The TaskRouter workspace: availability, queue position and wait time come from its statistics.'),
    taskQueueSid: sid('WQ').describe('The TaskRouter queue chats wait in.'),
    workflowSid: sid('WW').optional().describe('The TaskRouter workflow that routes chats, for `interactions`.'),
    customerName: z.string().min(1).default('Customer').describe("How the agent sees the customer (CustomerFriendlyName); a pre-chat payload's `name` wins."),
    taskChannel: z.string().min(1).default('chat').describe('The TaskRouter task channel of chats.'),
    conversationsBaseUrl: baseUrl
      .default('https://conversations.twilio.com')
      .describe('Base URL of the Conversations API (a simulator: its /conversations prefix).'),
    flexBaseUrl: baseUrl.default('https://flex-api.twilio.com').describe('Base URL of the Flex API (a simulator: its /flex-api prefix).'),
    taskRouterBaseUrl: baseUrl.default('https://taskrouter.twilio.com').describe('Base URL of the TaskRouter API (a simulator: its /taskrouter prefix).'),
    statisticsMinutes: z
      .number()
      .int()
      .positive()
      .max(43_200)
      .default(15)
      .describe('The window of CumulativeStatistics that the average acceptance time comes from.'),
    queuePollIntervalMs: z.number().int().positive().default(10_000).describe('How often to read TaskRouter statistics while the user waits in the queue.'),
    requestTimeoutMs: z.number().int().positive().default(10_000).describe('How long to wait for Twilio to answer a request.'),
    retryDelayMs: z.number().int().nonnegative().default(200).describe('The base delay of the backoff when a request is retried.'),
    gapWaitMs: z
      .number()
      .int()
      .positive()
      .default(300)
      .describe('How long a message that arrived ahead of an earlier one waits before the missing ones are fetched over REST.'),
  })
  .superRefine((options, context) => {
    if (options.startMode === 'web-chats' && !options.addressSid) {
      context.addIssue({ code: 'custom', path: ['addressSid'], message: 'is required when startMode is "web-chats"' });
    }
    if (options.startMode === 'interactions' && !options.workflowSid) {
      context.addIssue({ code: 'custom', path: ['workflowSid'], message: 'is required when startMode is "interactions"' });
    }
  });

export type TwilioFlexOptions = z.output<typeof twilioFlexOptionsSchema>;
export type TwilioFlexOptionsInput = z.input<typeof twilioFlexOptionsSchema>;
