import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type ConformanceTarget, isConformanceTarget } from './harness/conformance-target.js';

/** A module path, as opposed to a package name. */
export function looksLikeModulePath(specifier: string): boolean {
  return specifier.startsWith('.') || isAbsolute(specifier) || /\.[cm]?[jt]s$/.test(specifier);
}

/** The `conformance` export of a module, through the shapes ESM and CommonJS interop give it. */
function findTargetExport(module: unknown): ConformanceTarget | undefined {
  if (typeof module !== 'object' || module === null) return undefined;
  const exports = module as Record<string, unknown>;
  const inner = exports['default'];
  const candidates = [exports['conformance'], typeof inner === 'object' && inner !== null ? (inner as Record<string, unknown>)['conformance'] : undefined];
  return candidates.find(isConformanceTarget);
}

/**
 * The conformance target exported as `conformance` by a module: a path (relative to `cwd`) or a package name.
 * This is how an adapter outside any byosd checkout is tested: its module brings its own harness.
 * @throws TypeError saying what could not be loaded, or what the module lacks.
 */
export async function loadConformanceTarget(specifier: string, cwd: string = process.cwd()): Promise<ConformanceTarget> {
  const moduleSpecifier = looksLikeModulePath(specifier) ? pathToFileURL(resolve(cwd, specifier)).href : specifier;
  let module: unknown;
  try {
    module = await import(moduleSpecifier);
  } catch (error) {
    throw new TypeError(`Cannot load "${specifier}": ${error instanceof Error ? error.message : String(error)}`);
  }
  const target = findTargetExport(module);
  if (!target) {
    throw new TypeError(
      `"${specifier}" does not export "conformance" ({ plugin, setup }): an adapter tested by path brings its own harness (docs/conformance.md)`,
    );
  }
  return target;
}
