import * as z from 'zod/mini';

/** A JSON value: what can cross a boundary (a widget frame, session storage, a backend) unchanged. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** A JSON object. */
export type JsonObject = { [key: string]: JsonValue };

/**
 * How deeply a JSON value may nest (each array or object one level, the value itself the first). Deeper values
 * are refused: nothing legitimate nests this far, and code that walks values recursively (serializers, loggers,
 * adapters) would run out of stack on them.
 */
export const MAX_JSON_DEPTH = 64;

/**
 * Why `value` is not a JSON value nesting at most `maxDepth` levels (its path and what is wrong), or undefined
 * when it is one. Walks the value with a stack of its own, never by recursion, so that any depth is safe to check.
 */
export function describeJsonProblem(value: unknown, maxDepth: number = MAX_JSON_DEPTH): { path: (string | number)[]; message: string } | undefined {
  const pending: { value: unknown; path: (string | number)[] }[] = [{ value, path: [] }];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const { value: item, path } = next;
    if (item === null || typeof item === 'string' || typeof item === 'boolean') continue;
    if (typeof item === 'number') {
      if (!Number.isFinite(item)) return { path, message: 'must be a finite number' };
      continue;
    }
    if (typeof item !== 'object') return { path, message: `must be JSON (a ${typeof item} is not)` };
    // The path's length is the depth of the container's parent; the container itself is one level deeper.
    if (path.length + 1 > maxDepth) return { path, message: `nests deeper than ${maxDepth} levels of arrays and objects` };
    if (Array.isArray(item)) {
      for (let index = item.length - 1; index >= 0; index -= 1) pending.push({ value: item[index] as unknown, path: [...path, index] });
      continue;
    }
    // Plain in any realm: an object from another one (an iframe, structuredClone, a VM context) has that realm's
    // Object.prototype, whose own prototype is null; a class instance has one more link.
    const prototype = Object.getPrototypeOf(item) as object | null;
    if (prototype !== null && Object.getPrototypeOf(prototype) !== null) return { path, message: 'must be a plain object' };
    const entries = Object.entries(item);
    for (let index = entries.length - 1; index >= 0; index -= 1) {
      const [key, child] = entries[index] as [string, unknown];
      pending.push({ value: child, path: [...path, key] });
    }
  }
  return undefined;
}

/** The deepest nesting of arrays and objects in `value` (0 for a scalar), measured without recursion. */
export function jsonDepth(value: unknown): number {
  let deepest = 0;
  const pending: { value: unknown; depth: number }[] = [{ value, depth: 0 }];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    if (typeof next.value !== 'object' || next.value === null) continue;
    const depth = next.depth + 1;
    if (depth > deepest) deepest = depth;
    for (const child of Array.isArray(next.value) ? next.value : Object.values(next.value)) pending.push({ value: child as unknown, depth });
  }
  return deepest;
}

function jsonSchema<T extends JsonValue>(isRightKind: (value: unknown) => boolean, kind: string): z.ZodMiniType<T> {
  return z.unknown().check(
    z.superRefine((value, context) => {
      if (!isRightKind(value)) {
        context.addIssue({ code: 'custom', message: `must be ${kind}`, input: value });
        return;
      }
      const problem = describeJsonProblem(value);
      if (problem) context.addIssue({ code: 'custom', message: problem.message, path: problem.path, input: value });
    }),
  ) as unknown as z.ZodMiniType<T>;
}

/**
 * Any JSON value, at most MAX_JSON_DEPTH levels deep. Checked iteratively (not with a recursive schema, which a
 * few KB of nested arrays would drive past the call stack); the value passes through unchanged.
 */
export const jsonValueSchema: z.ZodMiniType<JsonValue> = jsonSchema<JsonValue>(() => true, 'JSON');

/** A JSON object, at most MAX_JSON_DEPTH levels deep (the object itself is the first). */
export const jsonObjectSchema: z.ZodMiniType<JsonObject> = jsonSchema<JsonObject>(
  (value) => typeof value === 'object' && value !== null && !Array.isArray(value),
  'an object',
);
