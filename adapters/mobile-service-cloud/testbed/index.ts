import { defineSimulator } from '@byosd/simulators';
import { mobileServiceCloudAdapter, MESSAGE_WEBHOOK_PATH, prechatIntake } from '../src/index.js';
import { DEFAULT_BOT_CONTENT, MobileServiceCloudSimulator } from '../simulator/index.js';
import { mobileServiceCloudDemoBot } from './demo-bot.js';
import { mobileServiceCloudConformance, mobileServiceCloudOptionsFor } from './mobile-service-cloud-conformance.js';

export { MobileServiceCloudSimulator } from '../simulator/index.js';
export { mobileServiceCloudDemoBot } from './demo-bot.js';
export {
  createMobileServiceCloudConformanceTarget,
  mobileServiceCloudConformance,
  mobileServiceCloudOptionsFor,
  startMobileServiceCloudWorld,
  type MobileServiceCloudWorld,
} from './mobile-service-cloud-conformance.js';

/** The backend's entry for the CLI, the demo and the browser tests (discovered through `byosd.testbed`). */
export const testbed = defineSimulator<MobileServiceCloudSimulator>({
  name: 'mobile-service-cloud',
  description:
    'CM.com Conversational AI Cloud -> Mobile Service Cloud: bot engine, presence, routing mutations, TwoWay router, MSC agents (@byosd/adapter-mobile-service-cloud)',
  create: (options) => new MobileServiceCloudSimulator(options),
  conformanceTargets: [mobileServiceCloudConformance],
  demo: {
    adapter: mobileServiceCloudAdapter,
    // Node-only (it holds the product token): the demo runs it on the gateway alone.
    gatewayOptions: (simulator) => ({ ...mobileServiceCloudOptionsFor(simulator) }),
    // The simulated bot's prechat dialog asks these; the widget asks them before the handover.
    intake: prechatIntake(DEFAULT_BOT_CONTENT.prechat.map((step) => ({ ...step, ...(step.intakeId === 'email' ? { type: 'email' as const } : {}) }))),
    deliverWebhooksTo: async (simulator, webhookBaseUrl) => simulator.configureChannelWebhook(`${webhookBaseUrl}${MESSAGE_WEBHOOK_PATH}`),
    // The conversation starts with the bot: the demo page shows it, and hands over when the bot says `livechat: true`.
    bot: mobileServiceCloudDemoBot,
  },
});
