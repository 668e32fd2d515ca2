import type { AdapterPlugin } from '../contract/adapter-plugin.js';
import { isAdapterPlugin } from './validate-plugin.js';

/**
 * The plugin a module exports: its default export, or a named `plugin` export. Handles the shapes that ESM,
 * CommonJS and transpiled interop give an imported module.
 */
export function findPluginExport(module: unknown): AdapterPlugin | undefined {
  const candidates: unknown[] = [];
  if (typeof module === 'object' && module !== null) {
    const exports = module as Record<string, unknown>;
    candidates.push(exports['default'], exports['plugin'], module);
    const inner = exports['default'];
    if (typeof inner === 'object' && inner !== null) {
      candidates.push((inner as Record<string, unknown>)['default'], (inner as Record<string, unknown>)['plugin']);
    }
  }
  return candidates.find(isAdapterPlugin);
}
