import { ErrorCode, ServiceDeskError } from '@byosd/core';
import * as z from 'zod/mini';
import { type GatewayConfigInput, gatewayConfigSchema } from './gateway-config.js';

const { $ZodArray, $ZodBoolean, $ZodDefault, $ZodNumber, $ZodOptional, $ZodRecord } = z.core;
type $ZodType = z.core.$ZodType;

export type GatewayConfigKey = keyof typeof gatewayConfigSchema.shape;

/** How a field is written as text (a flag or an environment variable). */
type TextForm = 'string' | 'number' | 'boolean' | 'list' | 'json';

export const GATEWAY_CONFIG_KEYS = Object.keys(gatewayConfigSchema.shape) as GatewayConfigKey[];

/** `gracePeriodMs` -> `grace-period-ms`: the command-line flag (without `--`). */
export function flagName(key: GatewayConfigKey): string {
  return key.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
}

/** `gracePeriodMs` -> `BYOSD_GRACE_PERIOD_MS`: the environment variable. */
export function environmentName(key: GatewayConfigKey): string {
  return `BYOSD_${flagName(key).replace(/-/g, '_').toUpperCase()}`;
}

/** The field's schema without its default or optional wrapper. */
function innerSchema(key: GatewayConfigKey): $ZodType {
  let schema: $ZodType = gatewayConfigSchema.shape[key];
  while (schema instanceof $ZodDefault || schema instanceof $ZodOptional) schema = schema._zod.def.innerType;
  return schema;
}

function textForm(key: GatewayConfigKey): TextForm {
  const schema = innerSchema(key);
  if (schema instanceof $ZodNumber) return 'number';
  if (schema instanceof $ZodBoolean) return 'boolean';
  if (schema instanceof $ZodArray) return 'list';
  if (schema instanceof $ZodRecord) return 'json';
  return 'string';
}

/** A field's description and default, for docs and `--help`. */
export function describeConfigField(key: GatewayConfigKey): { description: string; defaultValue: unknown; form: TextForm } {
  const field: $ZodType = gatewayConfigSchema.shape[key];
  const defaultValue = field instanceof $ZodDefault ? (field._zod.def.defaultValue as unknown) : undefined;
  return { description: z.globalRegistry.get(field)?.description ?? '', defaultValue, form: textForm(key) };
}

/**
 * Reads the configuration from flags and the environment (a flag wins over its variable) into the input of
 * `parseGatewayConfig`: numbers as numbers, booleans as true/false, lists comma-separated, adapters as JSON. Values are not checked here,
 * except that JSON must parse; `parseGatewayConfig` names any bad field.
 */
export function readGatewayConfig(
  flags: Readonly<Record<string, string | undefined>>,
  environment: Readonly<Record<string, string | undefined>>,
): GatewayConfigInput {
  const input: Record<string, unknown> = {};
  for (const key of GATEWAY_CONFIG_KEYS) {
    const text = flags[flagName(key)] ?? environment[environmentName(key)];
    if (text === undefined) continue;
    input[key] = fromText(key, text);
  }
  return input as GatewayConfigInput;
}

function fromText(key: GatewayConfigKey, text: string): unknown {
  switch (textForm(key)) {
    case 'number':
      return text.trim() === '' ? Number.NaN : Number(text);
    case 'boolean':
      // Anything but true/false stays text, so that the schema names the field.
      return text === 'true' ? true : text === 'false' ? false : text;
    case 'list':
      return text
        .split(',')
        .map((item) => item.trim())
        .filter((item) => item !== '');
    case 'json':
      try {
        return JSON.parse(text) as unknown;
      } catch {
        throw new ServiceDeskError(
          ErrorCode.INVALID_OPTIONS,
          `Invalid gateway configuration: ${key} (--${flagName(key)} / ${environmentName(key)}): not valid JSON`,
          {
            issues: [{ path: key, message: 'not valid JSON' }],
          },
        );
      }
    case 'string':
      return text;
  }
}

/** The configuration reference as a Markdown table (docs/gateway.md holds it; a test keeps the two in step). */
export function configReferenceTable(): string {
  const rows = GATEWAY_CONFIG_KEYS.map((key) => {
    const { description, defaultValue } = describeConfigField(key);
    const shown = defaultValue === undefined ? '' : `\`${JSON.stringify(defaultValue)}\``;
    return `| \`${key}\` | \`--${flagName(key)}\` | \`${environmentName(key)}\` | ${shown} | ${description.replace(/\|/g, '\\|')} |`;
  });
  return ['| field | flag | environment | default | meaning |', '| --- | --- | --- | --- | --- |', ...rows].join('\n');
}
