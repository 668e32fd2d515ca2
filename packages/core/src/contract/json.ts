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

/** A container being walked: its keys (none for an array), the next child to look at, and where it sits. */
interface Frame {
  value: object;
  keys: string[] | undefined;
  next: number;
  depth: number;
  parent: Frame | undefined;
  /** Its key in its parent. */
  key: string | number;
}

/** The path to `key` in `frame`'s container (to the container itself without `key`), built only for a problem. */
function pathOf(frame: Frame, key?: string | number): (string | number)[] {
  const path = key === undefined ? [] : [key];
  for (let at: Frame | undefined = frame; at?.parent !== undefined; at = at.parent) path.unshift(at.key);
  return path;
}

/** Why a value that is not an object is not JSON, or undefined when it is JSON. */
function scalarProblem(value: unknown): string | undefined {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return undefined;
  if (typeof value === 'number') return Number.isFinite(value) ? undefined : 'must be a finite number';
  return `must be JSON (a ${typeof value} is not)`;
}

/** Why container `frame` itself is not JSON (too deep, not a plain object), or undefined. */
function containerProblem(frame: Frame, maxDepth: number): string | undefined {
  if (frame.depth > maxDepth) return `nests deeper than ${maxDepth} levels of arrays and objects`;
  if (frame.keys === undefined) return undefined;
  // Plain in any realm: an object from another one (an iframe, structuredClone, a VM context) has that realm's
  // Object.prototype, whose own prototype is null; a class instance has one more link.
  const prototype = Object.getPrototypeOf(frame.value) as object | null;
  return prototype !== null && Object.getPrototypeOf(prototype) !== null ? 'must be a plain object' : undefined;
}

function frameOf(value: object, parent: Frame | undefined, key: string | number): Frame {
  return { value, keys: Array.isArray(value) ? undefined : Object.keys(value), next: 0, depth: (parent?.depth ?? 0) + 1, parent, key };
}

/**
 * Why `value` is not a JSON value nesting at most `maxDepth` levels (its path and what is wrong; the first problem
 * in the value's order), or undefined when it is one. Walks the value with a stack of its own, never by recursion,
 * so that any depth is safe to check. It runs on every value an adapter reports: a valid value costs one stack
 * entry per array or object in it, and paths are built only for a problem.
 */
export function describeJsonProblem(value: unknown, maxDepth: number = MAX_JSON_DEPTH): { path: (string | number)[]; message: string } | undefined {
  if (typeof value !== 'object' || value === null) {
    const message = scalarProblem(value);
    return message === undefined ? undefined : { path: [], message };
  }
  const root = frameOf(value, undefined, '');
  const rootProblem = containerProblem(root, maxDepth);
  if (rootProblem !== undefined) return { path: [], message: rootProblem };
  const stack: Frame[] = [root];
  for (let frame = stack.at(-1); frame !== undefined; frame = stack.at(-1)) {
    const count = frame.keys === undefined ? (frame.value as unknown[]).length : frame.keys.length;
    if (frame.next >= count) {
      stack.pop();
      continue;
    }
    const key = frame.keys === undefined ? frame.next : (frame.keys[frame.next] as string);
    frame.next += 1;
    const child = (frame.value as Record<string | number, unknown>)[key];
    if (typeof child === 'object' && child !== null) {
      const childFrame = frameOf(child, frame, key);
      const message = containerProblem(childFrame, maxDepth);
      if (message !== undefined) return { path: pathOf(childFrame), message };
      stack.push(childFrame);
      continue;
    }
    const message = scalarProblem(child);
    if (message !== undefined) return { path: pathOf(frame, key), message };
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
