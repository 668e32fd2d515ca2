export {
  MobileServiceCloudSimulator,
  SIMULATOR_BOT_PROJECT,
  type MobileServiceCloudAccount,
  type MobileServiceCloudSimulatorOptions,
} from './mobile-service-cloud-simulator.js';
export { ConversationalBot, DEFAULT_BOT_CONTENT, type BotAnswer, type BotContent, type PrechatQuestion } from './conversational-bot.js';
export { PARTY_FAULT_POINTS, PartyFaults, type PartyFaultPoint } from './party-faults.js';
