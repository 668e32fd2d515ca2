import * as z from 'zod/mini';
import { channelSchema, structuredMessageFrameSchema, structuredMessageSchema } from '@byosd/adapter-genesys-cloud';

/**
 * An Outbound StructuredMessage as Genesys deployments send it (server-frames.json names the captures): the
 * adapter's schema, with `channel.time` (ISO 8601) and `channel.messageId` required on every message and event.
 * The adapter itself accepts frames without them; a guest client written from captures does not.
 */
export const deployedOutboundFrameSchema = z.extend(structuredMessageFrameSchema, {
  body: z.extend(structuredMessageSchema, {
    direction: z.literal('Outbound'),
    channel: z.extend(channelSchema, { time: z.iso.datetime(), messageId: z.string().check(z.minLength(1)) }),
  }),
});
