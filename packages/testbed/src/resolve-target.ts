import { type ConformanceTarget, loadConformanceTarget, looksLikeModulePath } from '@byosd/conformance';
import { conformanceTargets, targetName } from './backends.js';
import { VIA_GATEWAY_SUFFIX, viaGateway } from './via-gateway.js';

/**
 * The conformance target for a command-line argument: the name of an adapter of the workspace
 * (`byosd conformance example`), a module path (relative to `cwd`) or a package name whose module exports
 * `conformance`. Any of them followed by `@gateway` (`example@gateway`) runs through the gateway.
 * @throws TypeError naming the known adapters, or what a module lacks.
 */
export async function resolveConformanceTarget(specifier: string, cwd: string = process.cwd()): Promise<ConformanceTarget> {
  if (specifier.endsWith(VIA_GATEWAY_SUFFIX) && specifier.length > VIA_GATEWAY_SUFFIX.length) {
    return viaGateway(await resolveConformanceTarget(specifier.slice(0, -VIA_GATEWAY_SUFFIX.length), cwd));
  }
  const known = conformanceTargets();
  const registered = known.find((target) => targetName(target) === specifier);
  if (registered) return registered;
  if (!looksLikeModulePath(specifier) && !specifier.includes('/')) {
    throw new TypeError(
      `Unknown adapter "${specifier}". Adapters of this workspace: ${known.map(targetName).join(', ')}. Test another adapter by the path of a module that exports "conformance".`,
    );
  }
  return loadConformanceTarget(specifier, cwd);
}
