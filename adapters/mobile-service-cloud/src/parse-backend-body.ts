import { ErrorCode, formatZodIssues, ServiceDeskError } from '@byosd/core';
import type { z } from 'zod';

/** A CM.com answer parsed with `schema`; PROTOCOL_ERROR naming each bad field when it does not fit. */
export function parseBackendBody<S extends z.ZodType>(schema: S, body: unknown, what: string): z.output<S> {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  throw new ServiceDeskError(ErrorCode.PROTOCOL_ERROR, `${what} does not follow the protocol: ${formatZodIssues(parsed.error)}`, { cause: parsed.error });
}
