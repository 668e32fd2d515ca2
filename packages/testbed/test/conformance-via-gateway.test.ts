import { runConformance } from '@byosd/conformance';
import { conformanceTargets, targetName, viaGateway } from '../src/index.js';

/**
 * Every adapter of the workspace that can run on a server, held to the suite through the gateway: proxy desk ->
 * gateway (memory stores) -> the adapter -> its simulator. The backends are found as `byosd conformance` finds
 * them, so a backend added later is covered with no edit here. Each adapter runs the suite directly in its own
 * folder (test/conformance.test.ts).
 */
const serverSide = conformanceTargets().filter((target) => target.plugin.runtime !== 'browser');

describe.each(serverSide.map((target) => [targetName(target), target] as const))('%s through the gateway', (_name, target) => {
  runConformance(viaGateway(target));
});
