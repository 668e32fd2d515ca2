import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { conformanceTargetNames, type ConformanceTarget, findConformanceTarget, isConformanceTarget } from '@byosd/simulators';
import { VIA_GATEWAY_SUFFIX, viaGateway } from './via-gateway.js';

/** A module path, as opposed to an adapter name or a package name. */
function looksLikePath(specifier: string): boolean {
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
 * The conformance target for a command-line argument: an adapter name that `@byosd/simulators` has a harness
 * for, a module path (relative to `cwd`), or a package name. A module must export `conformance`: its plugin and
 * harness factory. Any of them followed by `@gateway` (`example@gateway`) runs through the gateway (`viaGateway`).
 * @throws TypeError naming the known adapters, or what the module lacks.
 */
export async function resolveConformanceTarget(specifier: string, cwd: string = process.cwd()): Promise<ConformanceTarget> {
  if (specifier.endsWith(VIA_GATEWAY_SUFFIX) && specifier.length > VIA_GATEWAY_SUFFIX.length) {
    return viaGateway(await resolveConformanceTarget(specifier.slice(0, -VIA_GATEWAY_SUFFIX.length), cwd));
  }
  const registered = findConformanceTarget(specifier);
  if (registered) return registered;
  const path = looksLikePath(specifier);
  if (!path && !specifier.includes('/')) {
    throw new TypeError(`Unknown adapter "${specifier}". Adapters with a harness here: ${conformanceTargetNames().join(', ')}. Test another adapter by the path of a module that exports "conformance".`);
  }
  const moduleSpecifier = path ? pathToFileURL(resolve(cwd, specifier)).href : specifier;
  let module: unknown;
  try {
    module = await import(moduleSpecifier);
  } catch (error) {
    throw new TypeError(`Cannot load "${specifier}": ${error instanceof Error ? error.message : String(error)}`);
  }
  const target = findTargetExport(module);
  if (!target) {
    throw new TypeError(`"${specifier}" does not export "conformance" ({ plugin, setup }): an adapter tested by path brings its own harness (docs/conformance.md)`);
  }
  return target;
}
