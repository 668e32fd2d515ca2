/**
 * `@byosd/core/http`: an axios instance that maps HTTP failures onto byosd's error codes, for adapters whose backend
 * speaks HTTP. A subpath of its own, not the main entry: when a page bundles core with esbuild's code splitting, a
 * re-export from the main entry puts axios in the chunk that every page loads, adapter or not.
 */
export * from './http-client.js';
