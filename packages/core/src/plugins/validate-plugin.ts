import * as z from 'zod/mini';
// The core classes, imported directly: reaching them through `z.core` would bundle all of zod's core (JSON Schema too).
import { $ZodObject, $ZodType } from 'zod/v4/core';
import { ErrorCode } from '../errors/error-codes.js';
import { ServiceDeskError } from '../errors/service-desk-error.js';
import { describeZodIssues, formatZodIssues, safeParseWithMessages } from '../errors/zod-issues.js';
import { capabilityManifestSchema, METHOD_REQUIRED_BY_CAPABILITY } from '../contract/capability-manifest.js';
import { REQUIRED_SERVICE_DESK_METHODS } from '../contract/service-desk.js';
import { SPEC_VERSION } from '../contract/spec-version.js';
import type { AdapterPlugin } from '../contract/adapter-plugin.js';

const pluginShapeSchema = z.object({
  name: z.string().check(z.regex(/^[a-z][a-z0-9-]{0,39}$/, 'must be lowercase kebab-case, at most 40 characters')),
  version: z.string().check(z.minLength(1)),
  specVersion: z.string(),
  runtime: z.enum(['browser', 'node', 'both']),
  capabilities: capabilityManifestSchema,
  optionsSchema: z.custom<$ZodType>((value) => value instanceof $ZodType, { message: 'must be a zod schema' }),
  serviceDesk: z.custom<{ prototype: object }>((value) => typeof value === 'function', { message: 'must be a class' }),
});

/** Whether a value looks like an adapter plugin (used to find one among a module's exports). */
export function isAdapterPlugin(value: unknown): value is AdapterPlugin {
  return typeof value === 'object' && value !== null && 'specVersion' in value && 'create' in value && typeof value.create === 'function';
}

/**
 * Checks a plugin against the contract: its shape, its spec version, and that every method its capabilities
 * need exists on the desk class (an adapter that declares `userTyping` must implement `userTyping`).
 * @throws INVALID_PLUGIN naming everything that is wrong.
 */
export function validatePlugin(plugin: AdapterPlugin): void {
  const label = typeof plugin.name === 'string' ? `Adapter "${plugin.name}"` : 'Adapter';
  const shape = safeParseWithMessages(pluginShapeSchema, plugin);
  if (!shape.success) {
    throw new ServiceDeskError(ErrorCode.INVALID_PLUGIN, `${label} is not a valid plugin: ${formatZodIssues(shape.error)}`, {
      issues: describeZodIssues(shape.error),
    });
  }
  if (plugin.specVersion !== SPEC_VERSION) {
    throw new ServiceDeskError(ErrorCode.INVALID_PLUGIN, `${label} implements ${plugin.specVersion}, but this core implements ${SPEC_VERSION}`);
  }
  const optionKeys = plugin.optionsSchema instanceof $ZodObject ? Object.keys(plugin.optionsSchema._zod.def.shape) : undefined;
  const unknownSecrets = optionKeys ? (plugin.secretOptions ?? []).filter((key) => !optionKeys.includes(key)) : [];
  if (unknownSecrets.length > 0) {
    throw new ServiceDeskError(ErrorCode.INVALID_PLUGIN, `${label} marks options as secret that its schema does not have: ${unknownSecrets.join(', ')}`);
  }
  const prototype = plugin.serviceDesk.prototype as Record<string, unknown>;
  const has = (method: string) => typeof prototype[method] === 'function';
  const missingRequired = REQUIRED_SERVICE_DESK_METHODS.filter((method) => !has(method));
  const missingForCapabilities = Object.entries(METHOD_REQUIRED_BY_CAPABILITY)
    .filter(([capability, method]) => plugin.capabilities[capability as keyof typeof METHOD_REQUIRED_BY_CAPABILITY] && !has(method))
    .map(([capability, method]) => `${method} (for capability ${capability})`);
  const missing = [...missingRequired, ...missingForCapabilities];
  if (missing.length > 0) {
    throw new ServiceDeskError(ErrorCode.INVALID_PLUGIN, `${label} is missing methods: ${missing.join(', ')}`);
  }
}
