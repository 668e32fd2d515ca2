import * as z from 'zod/mini';
import { structuredMessageSchema } from './structured-message.js';

/** The envelope of every server frame: answers (`response`, with the request's tracingId) and pushes (`message`). */
export const serverEnvelopeSchema = z.object({
  type: z.enum(['response', 'message']),
  class: z.string(),
  code: z.int(),
  body: z.unknown(),
  tracingId: z.nullish(z.string()),
});

const frame = <C extends string, B extends z.core.$ZodType>(className: C, body: B) => z.extend(serverEnvelopeSchema, { class: z.literal(className), body });

export const sessionResponseFrameSchema = frame(
  'SessionResponse',
  z.object({
    connected: z.boolean(),
    newSession: z.nullish(z.boolean()),
    readOnly: z.nullish(z.boolean()),
    maxCustomDataBytes: z.nullish(z.int()),
  }),
);
export const structuredMessageFrameSchema = frame('StructuredMessage', structuredMessageSchema);
export const jwtResponseFrameSchema = frame('JwtResponse', z.object({ jwt: z.string().check(z.minLength(1)), exp: z.number() }));
export const connectionClosedFrameSchema = frame('ConnectionClosedEvent', z.object({}));
export const sessionExpiredFrameSchema = frame('SessionExpiredEvent', z.object({}));
export const sessionClearedFrameSchema = frame('SessionClearedEvent', z.object({}));
/** The 429 answer. Its `errorCode` has been seen as both 4029 and 429. */
export const tooManyRequestsFrameSchema = frame(
  'TooManyRequestsErrorMessage',
  z.object({ retryAfter: z.number().check(z.nonnegative()), errorCode: z.union([z.literal(4029), z.literal(429)]), errorMessage: z.string() }),
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
export const KNOWN_SERVER_CLASSES: ReadonlySet<string> = new Set(serverFrameSchema.def.options.flatMap((option) => option.shape.class.def.values));
