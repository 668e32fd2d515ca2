import type * as Inversify from 'inversify';

/** This module's CommonJS `require` (core builds to CommonJS; a browser bundler resolves the call like an import). */
declare const require: (id: 'inversify') => typeof Inversify;

/**
 * inversify, loaded when a registry first needs a container. It ships as ES modules only, and requiring them costs
 * a Node process about a third of a second: a gateway hosting the plugins it was handed never pays it.
 */
export function loadInversify(): typeof Inversify {
  return require('inversify');
}
