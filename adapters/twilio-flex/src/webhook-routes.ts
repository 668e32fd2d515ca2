import { formatZodIssues, type WebhookContext, type WebhookRequest, type WebhookResponse, type WebhookRoute, webhookBodyText } from '@byosd/core';
import { eventEnvelopeSchema } from './conversation-events.js';
import { type FormParams, parseFormParams } from '../protocol/form-params.js';
import type { TwilioFlexOptions } from './twilio-flex-options.js';
import { bodySha256Of, isValidTwilioBodySignature, isValidTwilioSignature } from '../protocol/twilio-signature.js';

/** Where Conversations posts its events, under the host's `/webhooks/twilio-flex` mount. */
export const CONVERSATION_EVENTS_PATH = '/conversation-events';

const text = (status: number, body: string): WebhookResponse => ({ status, headers: { 'content-type': 'text/plain' }, body });

/**
 * The Conversations webhook (configure its URL as the service's or conversation's Post-Event URL). Each delivery
 * is checked against `X-Twilio-Signature` over the full URL and the raw body (403, nothing processed, when it
 * fails), then its fields are published to the chat's desk under the ConversationSid. The desk parses them and
 * drops repeats, so a retried delivery changes nothing.
 */
export function twilioFlexWebhookRoutes(context: WebhookContext<TwilioFlexOptions>): WebhookRoute[] {
  return [
    {
      method: 'POST',
      path: CONVERSATION_EVENTS_PATH,
      async handle(request) {
        const params = verifiedParams(request, context.options.authToken);
        if (!params) return text(403, 'Invalid X-Twilio-Signature');
        const envelope = eventEnvelopeSchema.safeParse(params);
        if (!envelope.success) return text(400, `Not a Conversations event: ${formatZodIssues(envelope.error)}`);
        const delivered = await context.webhookHub.publish(envelope.data.ConversationSid, params);
        if (!delivered)
          context.logger.debug(
            { conversationSid: envelope.data.ConversationSid, eventType: envelope.data.EventType },
            'A Twilio event for a chat not live here',
          );
        return text(200, '');
      },
    },
  ];
}

/** The delivery's fields when its signature verifies: form fields, or (URL with bodySHA256) the JSON body's. */
function verifiedParams(request: WebhookRequest, authToken: string): FormParams | Record<string, unknown> | undefined {
  const signature = request.headers['x-twilio-signature'];
  if (!signature) return undefined;
  if (bodySha256Of(request.url) !== undefined) {
    if (!isValidTwilioBodySignature(authToken, signature, request.url, request.rawBody)) return undefined;
    try {
      const body: unknown = JSON.parse(webhookBodyText(request));
      return typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
    } catch {
      return {};
    }
  }
  const params = parseFormParams(webhookBodyText(request));
  return isValidTwilioSignature(authToken, signature, request.url, params) ? params : undefined;
}
