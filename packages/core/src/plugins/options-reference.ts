import * as z from 'zod/mini';
// The core classes, imported directly: reaching them through `z.core` would bundle all of zod's core (JSON Schema too).
import { $ZodDefault, $ZodNullable, $ZodOptional } from 'zod/v4/core';

/** A schema field without its default, optional or nullable wrappers. */
function unwrap(schema: z.core.$ZodType): z.core.$ZodType {
  let inner = schema;
  while (inner instanceof $ZodDefault || inner instanceof $ZodOptional || inner instanceof $ZodNullable) inner = inner._zod.def.innerType;
  return inner;
}

/** A field's `.describe()` text: classic and mini schemas both keep it in zod's global registry. */
const descriptionOf = (schema: z.core.$ZodType) => z.globalRegistry.get(schema)?.description;

/**
 * An adapter's options as a Markdown table (option, required, default, meaning), from its zod schema's
 * `.describe()`s, so that the adapter's README and a test can keep the two in step. Options
 * listed in `secretOptions` are marked secret.
 */
export function optionsReferenceTable(schema: z.core.$ZodObject, secretOptions: readonly string[] = []): string {
  const rows = Object.entries(schema._zod.def.shape).map(([key, field]) => {
    const fieldSchema = field;
    const defaultValue = fieldSchema instanceof $ZodDefault ? (fieldSchema._zod.def.defaultValue as unknown) : undefined;
    const required = !z.safeParse(fieldSchema, undefined).success;
    const description = (descriptionOf(fieldSchema) ?? descriptionOf(unwrap(fieldSchema)) ?? '').replace(/\|/g, '\\|');
    const secret = secretOptions.includes(key) ? ' **Secret.**' : '';
    const shown = defaultValue === undefined ? '' : `\`${JSON.stringify(defaultValue)}\``;
    return `| \`${key}\` | ${required ? 'yes' : 'no'} | ${shown} | ${description}${secret} |`;
  });
  return ['| option | required | default | meaning |', '| --- | --- | --- | --- |', ...rows].join('\n');
}
