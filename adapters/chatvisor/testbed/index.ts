/**
 * The Chatvisor test bed: its simulator's registry entry (`testbed`, found through package.json's `byosd.testbed`),
 * the adapter's conformance target, and the simulator itself.
 */
import { defineSimulator } from '@byosd/simulators';
import { chatvisorAdapter } from '../src/index.js';
import { ChatvisorSimulator } from '../simulator/index.js';
import { chatvisorOptionsFor, createChatvisorConformanceTarget, deliverChatvisorWebhooksTo } from './chatvisor-conformance.js';

export const chatvisorConformance = createChatvisorConformanceTarget(chatvisorAdapter, (seed) => new ChatvisorSimulator({ seed }));

export const testbed = defineSimulator({
  name: 'chatvisor',
  description: 'Chatvisor / TeamViewer Engage: REST under /rest/v1, unsigned webhooks, public agent chat URLs (@byosd/adapter-chatvisor)',
  create: (options) => new ChatvisorSimulator(options),
  conformanceTargets: [chatvisorConformance],
  demo: {
    adapter: chatvisorAdapter,
    // Node-only (it holds the API token): the demo runs it on the gateway alone.
    gatewayOptions: (simulator) => ({ ...chatvisorOptionsFor(simulator) }),
    intake: [
      { id: 'firstname', label: 'Your first name', labels: { nl: 'Uw voornaam' } },
      { id: 'email', label: 'Your e-mail address', labels: { nl: 'Uw e-mailadres' }, type: 'email' },
    ],
    deliverWebhooksTo: async (simulator, webhookBaseUrl) => deliverChatvisorWebhooksTo(simulator, webhookBaseUrl),
  },
});

export { ChatvisorSimulator, type ChatvisorSimulatorOptions } from '../simulator/index.js';
export {
  chatvisorOptionsFor,
  createChatvisorConformanceTarget,
  deliverChatvisorWebhooksTo,
  FAST_CHATVISOR_OPTIONS,
  webhookPathTokenFor,
} from './chatvisor-conformance.js';
