import { formatZodIssues, type JsonObject, jsonObjectSchema, safeParseWithMessages } from '@byosd/core';

/**
 * Carbon passes its pre-start and pre-end payloads as `unknown`, `null` or `undefined` when no listener set one;
 * byosd takes a JSON object or nothing. Anything else is dropped with a warning naming the field, never refused:
 * a start or an end must not fail over an optional payload.
 */
export function optionalJsonPayload(field: string, payload: unknown): JsonObject | undefined {
  if (payload === null || payload === undefined) return undefined;
  const parsed = safeParseWithMessages(jsonObjectSchema, payload);
  if (parsed.success) return parsed.data;
  console.warn(`byosd: ${field} is not a JSON object and is not passed on: ${formatZodIssues(parsed.error)}`);
  return undefined;
}
