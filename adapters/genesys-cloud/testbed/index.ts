/**
 * The Genesys Cloud backend's test bed: its simulator, the conformance target of its adapter, and how the browser
 * demo wires it. Tools find it from the `byosd.testbed` field of this package's package.json.
 */
import { defineSimulator } from '@byosd/simulators';
import { genesysCloudAdapter } from '../src/index.js';
import { GENESYS_SIMULATOR_DEPLOYMENT_ID, GenesysCloudSimulator } from '../simulator/genesys-cloud-simulator.js';
import { genesysCloudConformance } from './genesys-cloud-conformance.js';

export { createGenesysCloudConformanceTarget, genesysCloudConformance } from './genesys-cloud-conformance.js';
export {
  GenesysCloudSimulator,
  GENESYS_GUEST_PATH,
  GENESYS_SIMULATOR_DEPLOYMENT_ID,
  GENESYS_SIMULATOR_OAUTH_CLIENT,
  GENESYS_SIMULATOR_QUEUE_ID,
  type GenesysCloudSimulatorOptions,
} from '../simulator/genesys-cloud-simulator.js';
export { createGenesysCloudAgentDriver } from '../simulator/genesys-cloud-agent-driver.js';

function guestOptions(simulator: GenesysCloudSimulator) {
  return { deploymentId: GENESYS_SIMULATOR_DEPLOYMENT_ID, webSocketUrl: simulator.guestWebSocketUrl, apiUrl: simulator.apiUrl };
}

export const testbed = defineSimulator({
  name: 'genesys-cloud',
  description: 'Genesys Cloud Web Messaging (guest WebSocket /v1, OAuth, routing and analytics REST)',
  create: (options) => new GenesysCloudSimulator(options),
  conformanceTargets: [genesysCloudConformance],
  demo: {
    adapter: genesysCloudAdapter,
    // Guest options only: public, the same in the page and on the gateway. Without the OAuth client the demo has
    // no availability route, so areAnyAgentsOnline answers null (unknown) and the chat starts.
    gatewayOptions: guestOptions,
    inPageOptions: guestOptions,
  },
});
