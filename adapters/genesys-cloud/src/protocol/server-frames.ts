import { z } from 'zod';
import { structuredMessageSchema } from './structured-message.js';

/** The envelope of every server frame: answers (`response`, with the request's tracingId) and pushes (`message`). */
export const serverEnvelopeSchema = z.object({
  type: z.enum(['response', 'message']),
  class: z.string(),
  code: z.number().int(),
  body: z.unknown(),
  tracingId: z.string().nullish(),
});

const frame = <C extends string, B extends z.ZodType>(className: C, body: B) =>
  serverEnvelopeSchema.extend({ class: z.literal(className), body });

export const sessionResponseFrameSchema = frame(
  'SessionResponse',
  z.object({
    connected: z.boolean(),
    newSession: z.boolean().nullish(),
    readOnly: z.boolean().nullish(),
    maxCustomDataBytes: z.number().int().nullish(),
  }),
);
export const structuredMessageFrameSchema = frame('StructuredMessage', structuredMessageSchema);
export const jwtResponseFrameSchema = frame('JwtResponse', z.object({ jwt: z.string().min(1), exp: z.number() }));
export const connectionClosedFrameSchema = frame('ConnectionClosedEvent', z.object({}));
export const sessionExpiredFrameSchema = frame('SessionExpiredEvent', z.object({}));
export const sessionClearedFrameSchema = frame('SessionClearedEvent', z.object({}));
/** The 429 answer. Its `errorCode` has been seen as both 4029 and 429. */
export const tooManyRequestsFrameSchema = frame(
  'TooManyRequestsErrorMessage',
  z.object({ retryAfter: z.number().nonnegative(), errorCode: z.union([z.literal(4029), z.literal(429)]), errorMessage: z.string() }),
);
/** Errors: class `string`, a Genesys error code, and the reason as the body. */
export const errorFrameSchema = frame('string', z.string());

export const serverFrameSchema = z.discriminatedUnion('class', [
  sessionResponseFrameSchema,
  structuredMessageFrameSchema,
  jwtResponseFrameSchema,
  connectionClosedFrameSchema,
  sessionExpiredFrameSchema,
  sessionClearedFrameSchema,
  tooManyRequestsFrameSchema,
  errorFrameSchema,
]);
export type ServerFrame = z.infer<typeof serverFrameSchema>;

/** The classes this adapter reads; others (uploads, co-browse) are ignored rather than treated as malformed. */
export const KNOWN_SERVER_CLASSES: ReadonlySet<string> = new Set(serverFrameSchema.options.map((option) => option.shape.class.value));
