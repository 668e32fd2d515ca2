import { createHmac, timingSafeEqual } from 'node:crypto';
import { formatZodIssues, type WebhookContext, type WebhookRequest, type WebhookResponse, type WebhookRoute, webhookBodyText } from '@byosd/core';
import { WEBHOOK_EVENTS, type WebhookEvent, webhookKeySchema } from '../protocol/index.js';
import type { ChatvisorOptions } from './chatvisor-options.js';

/** What a route hands to the chat's desk: which webhook it was, and its body (the desk parses it). */
export interface ChatvisorWebhookEvent {
  event: WebhookEvent;
  body: unknown;
}

/** The WebhookHub key of a customer's chat. */
export function webhookKey(customerId: string): string {
  return `chatvisor:${customerId}`;
}

/** The path of one webhook under the host's `/webhooks/chatvisor` mount: `/<webhookPathToken>/<event>`. */
export function webhookPath(pathToken: string, event: WebhookEvent): string {
  return `/${pathToken}/${event}`;
}

const text = (status: number, body: string): WebhookResponse => ({ status, headers: { 'content-type': 'text/plain' }, body });

/**
 * The three Chatvisor webhooks (new conversation, status change, new message), one route each. Chatvisor signs
 * nothing: a delivery is authentic when it comes to the secret path (`webhookPathToken`; any other path is not
 * a route, 404) and, when `webhookHmacSecret` is set, carries a valid HMAC of its body (403 otherwise). The body
 * is published to the customer's chat; the desk parses it (a malformed one is reported there, not lost here).
 */
export function chatvisorWebhookRoutes(context: WebhookContext<ChatvisorOptions>): WebhookRoute[] {
  const { options } = context;
  return WEBHOOK_EVENTS.map((event) => ({
    method: 'POST',
    path: webhookPath(options.webhookPathToken, event),
    async handle(request: WebhookRequest): Promise<WebhookResponse> {
      if (options.webhookHmacSecret !== undefined && !hasValidHmac(request, options.webhookHmacSecret, options.webhookHmacHeader)) {
        return text(403, `Invalid ${options.webhookHmacHeader}`);
      }
      let body: unknown;
      try {
        body = JSON.parse(webhookBodyText(request));
      } catch {
        return text(400, 'The body is not JSON');
      }
      const key = webhookKeySchema.safeParse(body);
      if (!key.success) return text(400, `Not a Chatvisor webhook: ${formatZodIssues(key.error)}`);
      const payload: ChatvisorWebhookEvent = { event, body };
      const delivered = await context.webhookHub.publish(webhookKey(key.data.customerId), payload);
      if (!delivered) context.logger.debug({ customerId: key.data.customerId, event }, 'A Chatvisor webhook for a chat not live here');
      return text(200, '');
    },
  }));
}

/** `sha256=<hex HMAC-SHA256 of the raw body>`, compared in constant time. */
export function hasValidHmac(request: WebhookRequest, secret: string, header: string): boolean {
  const given = request.headers[header.toLowerCase()];
  if (given === undefined) return false;
  const expected = Buffer.from(`sha256=${createHmac('sha256', secret).update(request.rawBody).digest('hex')}`);
  const actual = Buffer.from(given.trim());
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
