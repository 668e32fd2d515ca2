import { type AdapterPlugin, isAdapterPlugin, jsonObjectSchema } from '@byosd/core';
import type { DeskSource } from '@byosd/widget/desk-source';
import { type DemoBackend, fetchJson, inPageOptionsPath } from './demo-catalog.js';

/** Where a demo page runs the backend's adapter: on the demo's gateway, or in the page. */
export type Mode = 'gateway' | 'in-page';

/** The desk source a demo page (the widget's or Carbon's) opens for a backend: the demo's gateway, or the adapter in the page. */
export async function deskSource(backend: DemoBackend, mode: Mode): Promise<DeskSource> {
  if (mode === 'gateway') {
    const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
    return { gateway: { url: `${scheme}//${location.host}/v1/chat`, adapter: backend.adapter } };
  }
  const options = await fetchJson(inPageOptionsPath(backend.name), jsonObjectSchema);
  // The in-page adapter bundles sit beside the widget's (packages/widget/src/adapters/<adapter>.ts).
  const bundleUrl = `/widget/adapters/${encodeURIComponent(backend.adapter)}.mjs`;
  const module: unknown = await import(bundleUrl);
  const plugin: unknown = typeof module === 'object' && module !== null && 'default' in module ? module.default : undefined;
  if (!isAdapterPlugin(plugin)) throw new Error(`/widget/adapters/${backend.adapter}.mjs does not export an adapter plugin`);
  return { plugin: plugin as AdapterPlugin, options };
}
