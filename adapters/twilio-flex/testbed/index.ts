/**
 * The Twilio Flex backend's test bed: its simulator, the conformance targets of its adapter (web chats and
 * Interactions), and how the browser demo wires it. Tools find it from the `byosd.testbed` field of this
 * package's package.json.
 */
import { defineSimulator } from '@byosd/simulators';
import { CONVERSATION_EVENTS_PATH, twilioFlexAdapter } from '../src/index.js';
import { TwilioFlexSimulator } from '../simulator/twilio-flex-simulator.js';
import { configureConversationWebhook, twilioFlexConformance, twilioFlexInteractionsConformance, twilioFlexOptionsFor } from './twilio-flex-conformance.js';

export {
  configureConversationWebhook,
  createTwilioFlexConformanceTarget,
  twilioFlexConformance,
  twilioFlexInteractionsConformance,
  twilioFlexOptionsFor,
} from './twilio-flex-conformance.js';
export { TwilioFlexSimulator, type TwilioFlexSimulatorOptions, type TwilioBaseUrls } from '../simulator/twilio-flex-simulator.js';
export { twilioErrorBody } from '../simulator/twilio-rest.js';

export const testbed = defineSimulator({
  name: 'twilio-flex',
  description: 'Twilio Flex on Conversations: Conversations, Flex and TaskRouter REST, signed webhooks (@byosd/adapter-twilio-flex)',
  create: (options) => new TwilioFlexSimulator(options),
  conformanceTargets: [twilioFlexConformance, twilioFlexInteractionsConformance],
  demo: {
    adapter: twilioFlexAdapter,
    // Node-only (it holds the auth token): the demo runs it on the gateway alone.
    gatewayOptions: (simulator) => ({ ...twilioFlexOptionsFor(simulator) }),
    deliverWebhooksTo: (simulator, webhookBaseUrl) => configureConversationWebhook(simulator, `${webhookBaseUrl}${CONVERSATION_EVENTS_PATH}`),
  },
});
