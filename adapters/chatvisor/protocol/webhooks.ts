import { z } from 'zod';
import { conversationStatusSchema } from './resources.js';

/** The three webhooks (Settings > API > WebHooks), each configured with its own URL. */
export const WEBHOOK_EVENTS = ['new-conversation', 'status-change', 'new-message'] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

/**
 * The body of every Chatvisor webhook, as documented:
 * `{"customerId":"...","status":"UNREAD|DONE|UNRESOLVED","lastMessage":{"test":"..."},"url":"..."}`. The vendor's
 * documentation spells the text key `test`; `text` is accepted as well.
 */
export const webhookBodySchema = z.looseObject({
  customerId: z.string().min(1),
  status: conversationStatusSchema,
  lastMessage: z.looseObject({ test: z.string().optional(), text: z.string().optional() }).nullable().optional(),
  url: z.string(),
});
export type WebhookBody = z.output<typeof webhookBodySchema>;

/** Only the key a webhook is routed by: enough to reach the chat's desk, which parses the rest. */
export const webhookKeySchema = z.looseObject({ customerId: z.string().min(1) });
