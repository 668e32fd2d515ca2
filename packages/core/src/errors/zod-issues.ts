import * as z from 'zod/mini';
import { en as englishLocale } from 'zod/locales';
import { type ErrorCode } from './error-codes.js';
import { ServiceDeskError } from './service-desk-error.js';

/** zod's English wording of an issue ("Invalid input: expected string, received number"). */
const englishMessages = { error: englishLocale().localeError };

/**
 * `z.safeParse` with zod's English messages for every issue that its schema does not word itself. zod's classic
 * API turns these on for the whole process when it loads; `zod/mini` never does, and a library must not set zod's
 * global locale for the page it runs in. So byosd asks for them per parse: without them an issue says only
 * "Invalid input".
 *
 * The messages are asked for only when there are issues: a parse given them copies them into its context, which
 * makes a valid value's parse several times slower (every frame the gateway relays is parsed three to six times),
 * so a value is parsed without them first and, only when it fails, again with them. Parsing has no side effects.
 */
export function safeParseWithMessages<S extends z.core.$ZodType>(schema: S, value: unknown): z.core.util.SafeParseResult<z.output<S>> {
  const result = z.safeParse(schema, value);
  return result.success ? result : z.safeParse(schema, value, englishMessages);
}

/** Each issue of a zod error as `{ path: 'a.b[0].c', message }`. */
export function describeZodIssues(error: z.core.$ZodError): Array<{ path: string; message: string }> {
  return error.issues.map((issue) => ({ path: formatPath(issue.path), message: issue.message }));
}

/** A zod error as one line that names every bad field: `deploymentId: Invalid input: expected string, received undefined; ...`. */
export function formatZodIssues(error: z.core.$ZodError): string {
  return describeZodIssues(error)
    .map((issue) => `${issue.path}: ${issue.message}`)
    .join('; ');
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
  const result = safeParseWithMessages(schema, value);
  if (result.success) return result.data;
  throw new ServiceDeskError(code, `${what}: ${formatZodIssues(result.error)}`, { cause: result.error, issues: describeZodIssues(result.error) });
}
