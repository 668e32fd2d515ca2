import type * as z from 'zod/mini';
import type { AdapterDefinition, AdapterPlugin } from '../contract/adapter-plugin.js';
import { validatePlugin } from './validate-plugin.js';

/**
 * Declares an adapter plugin. Checks the definition at once (spec version, name, capabilities against the
 * desk class's methods), so a broken adapter fails when its module is imported, naming what is wrong.
 *
 * ```ts
 * export default defineAdapter({
 *   name: 'acme', version: '1.0.0', specVersion: 'byosd.v1', runtime: 'node',
 *   optionsSchema: z.object({ apiKey: z.string() }), secretOptions: ['apiKey'],
 *   capabilities: { ... }, serviceDesk: AcmeServiceDesk,
 * });
 * ```
 */
export function defineAdapter<Schema extends z.core.$ZodType>(definition: AdapterDefinition<Schema>): AdapterPlugin<Schema> {
  const DeskClass = definition.serviceDesk;
  const plugin: AdapterPlugin<Schema> = { ...definition, create: (context) => new DeskClass(context) };
  validatePlugin(plugin);
  return Object.freeze(plugin);
}
