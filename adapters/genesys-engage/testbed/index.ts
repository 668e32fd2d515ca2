/**
 * The Genesys Engage test bed: the simulator's registry entry (`testbed`, found through package.json's
 * `byosd.testbed`), the conformance target, and the simulator class. Node only.
 */
import { defineSimulator } from '@byosd/simulators';
import { genesysEngageAdapter, NICKNAME_KEY } from '../src/index.js';
import { GenesysEngageSimulator } from '../simulator/index.js';
import { genesysEngageConformance, genesysEngageOptionsFor } from './genesys-engage-conformance.js';

export const testbed = defineSimulator({
  name: 'genesys-engage',
  description: 'Genesys Engage GWS customer chat: HTTP polling, ContactCenterId header, /api/v2/chats and /api/v2/me/chat (@byosd/adapter-genesys-engage)',
  create: (options) => new GenesysEngageSimulator(options),
  conformanceTargets: [genesysEngageConformance],
  demo: {
    adapter: genesysEngageAdapter,
    // Anonymous and secret-free: the same options in the page (CORS, which the simulator answers) and on the gateway.
    gatewayOptions: (simulator) => ({ ...genesysEngageOptionsFor(simulator) }),
    inPageOptions: (simulator) => ({ ...genesysEngageOptionsFor(simulator) }),
    intake: [{ id: NICKNAME_KEY, label: 'Your name', labels: { nl: 'Uw naam' }, required: false }],
  },
});

export { createGenesysEngageConformanceTarget, genesysEngageConformance, genesysEngageOptionsFor } from './genesys-engage-conformance.js';
export { GenesysEngageSimulator, GWS_FAULTS_PREFIX, type GenesysEngageSimulatorOptions } from '../simulator/index.js';
