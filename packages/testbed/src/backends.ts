import type { ConformanceTarget } from '@byosd/conformance';
import type { DemoWiring, SimulatorDefinition } from '@byosd/simulators';
import { type BackendPackage, findWorkspaceRoot, listBackendPackages } from './workspace.js';

/** A backend of the workspace: its package, and its test bed (simulator, conformance targets, demo wiring). */
export interface Backend extends SimulatorDefinition {
  package: BackendPackage;
}

/** A backend the browser demo wires: one whose test bed has `demo`. */
export type DemoBackend = Backend & { demo: DemoWiring };

function isSimulatorDefinition(value: unknown): value is SimulatorDefinition {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Partial<Record<keyof SimulatorDefinition, unknown>>;
  return typeof candidate.name === 'string' && typeof candidate.create === 'function' && Array.isArray(candidate.conformanceTargets);
}

/**
 * Loads a backend's test bed with `require`, so that it shares the module instances (core's error classes, the
 * adapter's plugin) of the code that asked, under jest and tsx alike.
 */
function loadTestbed(backend: BackendPackage): Backend {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the specifier is only known at run time
  const module = require(backend.testbedSpecifier) as Record<string, unknown>;
  const testbed = module['testbed'];
  if (!isSimulatorDefinition(testbed)) {
    throw new TypeError(`${backend.testbedSpecifier} must export "testbed": a SimulatorDefinition ({ name, description, create, conformanceTargets, demo? })`);
  }
  return { ...testbed, package: backend };
}

const loaded = new Map<string, Backend[]>();

/**
 * Every backend of the workspace at `root` (default: the one around the current directory), found from the
 * `byosd.testbed` field of each adapter's package.json. Adding a backend is adding its folder: nothing lists them.
 */
export function discoverBackends(root: string = findWorkspaceRoot()): Backend[] {
  let backends = loaded.get(root);
  if (!backends) {
    backends = listBackendPackages(root).map(loadTestbed);
    loaded.set(root, backends);
  }
  return backends;
}

/** The names `byosd simulate` accepts. */
export function backendNames(root?: string): string[] {
  return discoverBackends(root).map((backend) => backend.name);
}

/** @throws TypeError listing the known backends when there is none called `name`. */
export function findBackend(name: string, root?: string): Backend {
  const found = discoverBackends(root).find((backend) => backend.name === name);
  if (!found) throw new TypeError(`Unknown backend "${name}". Backends: ${backendNames(root).join(', ')}`);
  return found;
}

/** The name a target is reported under. */
export function targetName(target: ConformanceTarget): string {
  return target.name ?? target.plugin.name;
}

/** Every conformance target of the workspace's backends. */
export function conformanceTargets(root?: string): ConformanceTarget[] {
  return discoverBackends(root).flatMap((backend) => backend.conformanceTargets);
}

/** The backends the browser demo wires (those whose test bed has `demo`). */
export function demoBackends(root?: string): DemoBackend[] {
  return discoverBackends(root).filter((backend): backend is DemoBackend => backend.demo !== undefined);
}
