import { parseArgs, type ParseArgsConfig } from 'node:util';
import { describeZodIssues } from '@byosd/core';
import { z } from 'zod';
import { UsageError } from './command-io.js';

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * Parses a command's arguments with `node:util` parseArgs, then validates them with `schema` (given
 * `{ positionals, ...values }`, option names as written). Any problem is a UsageError naming the option, e.g. `--seed: must be a
 * non-negative integer`.
 */
export function parseCommandLine<S extends z.ZodType>(args: string[], options: Options, schema: S): z.output<S> {
  let parsed: { values: Record<string, unknown>; positionals: string[] };
  try {
    parsed = parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const result = schema.safeParse({ positionals: parsed.positionals, ...parsed.values });
  if (result.success) return result.data;
  const issues = describeZodIssues(result.error).map((issue) => `${issue.path.startsWith('positionals') ? 'arguments' : `--${issue.path}`}: ${issue.message}`);
  throw new UsageError(issues.join('; '));
}

/** A non-negative integer given as an option's text, e.g. `--seed 42`. */
export const integerOption = (schema: z.ZodNumber) => z.string().regex(/^\d+$/, 'must be a non-negative integer').transform(Number).pipe(schema);
