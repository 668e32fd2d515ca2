/**
 * The example backend's test bed: its simulator, the conformance target of its adapter, and how the browser demo
 * wires it. Tools find it from the `byosd.testbed` field of this package's package.json.
 */
import { defineSimulator } from '@byosd/simulators';
import { exampleAdapter } from '../src/index.js';
import { ExampleSimulator } from '../simulator/example-simulator.js';
import { exampleConformance } from './example-conformance.js';

export { createExampleConformanceTarget, exampleConformance } from './example-conformance.js';
export { ExampleSimulator, EXAMPLE_DESK_PATH } from '../simulator/example-simulator.js';
export { createExampleAgentDriver } from '../simulator/example-agent-driver.js';

/** What `byosd conformance <path to this module>` runs: an adapter tested by path brings its own target. */
export const conformance = exampleConformance;

export const testbed = defineSimulator({
  name: 'example',
  description: 'The example desk (WebSocket frames of @byosd/adapter-example)',
  create: (options) => new ExampleSimulator(options),
  conformanceTargets: [exampleConformance],
  demo: {
    adapter: exampleAdapter,
    gatewayOptions: (simulator) => ({ url: simulator.deskUrl }),
    inPageOptions: (simulator) => ({ url: simulator.deskUrl }),
    intake: [{ id: 'name', label: 'Your name', labels: { nl: 'Uw naam' }, required: true }],
  },
});
