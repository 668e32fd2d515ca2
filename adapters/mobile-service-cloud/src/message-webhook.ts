import { timingSafeEqual } from 'node:crypto';
import { type JsonObject, type WebhookContext, webhookBodyText, type WebhookRoute } from '@byosd/core';
import { z } from 'zod';
import { PRODUCT_TOKEN_HEADER } from '../protocol/index.js';
import { DeliveryLog } from './delivery-log.js';
import type { MobileServiceCloudOptions } from './mobile-service-cloud-options.js';

/** Where the router's deliveries for this channel arrive: `<host>/webhooks/mobile-service-cloud/messages`. */
export const MESSAGE_WEBHOOK_PATH = '/messages';

const addressedSchema = z.looseObject({ ChatId: z.string().min(1) });
/** A delivery that can be put back in order, and so read back by a desk that resumes the chat. */
const sequencedSchema = z.looseObject({ Sequence: z.number().int().positive().max(Number.MAX_SAFE_INTEGER) });

function sameToken(received: string | undefined, expected: string): boolean {
  if (received === undefined) return false;
  const a = Buffer.from(received);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * The channel's message webhook: the router posts TwoWay messages with `X-Cm-Producttoken`. A wrong token answers
 * 403 and nothing is processed; otherwise the body is kept for a desk that resumes the chat (DeliveryLog) and goes
 * to the desk of its ChatId (which parses it in full, so a malformed message becomes a PROTOCOL_ERROR there), and
 * the answer is the `201 Created` the router expects. A delivery that reached no desk but was kept is taken too
 * (201: the chat's next desk reads it back); one neither delivered nor kept answers 404.
 */
export function messageWebhookRoutes(context: WebhookContext<MobileServiceCloudOptions>): WebhookRoute[] {
  const deliveries = new DeliveryLog(context.store, context.options.resumeWindowMs);
  return [
    {
      method: 'POST',
      path: MESSAGE_WEBHOOK_PATH,
      async handle(request) {
        if (!sameToken(request.headers[PRODUCT_TOKEN_HEADER], context.options.productToken)) return { status: 403, body: 'Invalid X-Cm-Producttoken' };
        let body: unknown;
        try {
          body = JSON.parse(webhookBodyText(request));
        } catch {
          return { status: 400, body: 'The body is not JSON' };
        }
        const addressed = addressedSchema.safeParse(body);
        if (!addressed.success) return { status: 400, body: 'ChatId: expected a non-empty string' };
        const sequenced = sequencedSchema.safeParse(body);
        // Kept first, so that a desk resuming the chat elsewhere can read back what it missed.
        const kept =
          sequenced.success &&
          (await deliveries.record(addressed.data.ChatId, sequenced.data.Sequence, body as JsonObject).then(
            () => true,
            (error: unknown) => {
              context.logger.warn({ chatId: addressed.data.ChatId, err: error }, 'Could not keep a router delivery for resume');
              return false;
            },
          ));
        const delivered = await context.webhookHub.publish(addressed.data.ChatId, body);
        if (delivered || kept) return { status: 201 };
        context.logger.info({ chatId: addressed.data.ChatId }, 'A router delivery for a chat that is not live here');
        return { status: 404, body: `No live chat ${addressed.data.ChatId}` };
      },
    },
  ];
}
