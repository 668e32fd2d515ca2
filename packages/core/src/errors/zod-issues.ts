import * as z from 'zod/mini';
import { type ErrorCode } from './error-codes.js';
import { ServiceDeskError } from './service-desk-error.js';

/** Each issue of a zod error as `{ path: 'a.b[0].c', message }`. */
export function describeZodIssues(error: z.core.$ZodError): Array<{ path: string; message: string }> {
  return error.issues.map((issue) => ({ path: formatPath(issue.path), message: issue.message }));
}

function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out === '' ? '(root)' : out;
}

/**
 * Parses `value` with `schema`, or throws a `ServiceDeskError` with `code` whose message names every bad field:
 * `Invalid options for adapter "acme": deploymentId: Required; timeoutMs: Expected number, received string`.
 */
export function parseOrThrow<S extends z.core.$ZodType>(schema: S, value: unknown, code: ErrorCode, what: string): z.output<S> {
  const result = z.safeParse(schema, value);
  if (result.success) return result.data;
  const issues = describeZodIssues(result.error);
  const list = issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ');
  throw new ServiceDeskError(code, `${what}: ${list}`, { cause: result.error, issues });
}
