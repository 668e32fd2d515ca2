/**
 * @byosd/carbon: Carbon AI Chat (`@carbon/ai-chat` 1.9) loads any byosd adapter. `carbonServiceDeskFactory(source)`
 * is Carbon's `serviceDeskFactory`, and its `loadHistory` Carbon's `messaging.customLoadHistory`. Browser-safe;
 * Carbon itself is a peer dependency, of which the bridge loads no code (types only). See docs/carbon-ai-chat.md.
 */
export { carbonServiceDeskFactory, type CarbonServiceDeskFactory } from './service-desk-factory.js';
export { CarbonServiceDesk, adapterNameOf } from './carbon-service-desk.js';
export { loadCarbonHistory, toCarbonHistory } from './carbon-history.js';
export { type BridgeState, type HistoryLine, readBridgeState } from './bridge-state.js';
export { CARBON_ERROR_TYPE, toCarbonErrorInfo } from './error-info.js';
export { toCarbonAvailability } from './agent-availability.js';
export { toCarbonProfile } from './agent-profile.js';
export { toCarbonMessage } from './agent-message.js';
export { toByosdConnectMessage, toByosdStartOptions } from './connect-message.js';
export { toByosdEndChatInfo } from './end-chat-info.js';
export { toByosdUserMessage, type ByosdUserMessage } from './user-message.js';
export { carbonDeskName, CARBON_MAX_DESK_NAME_LENGTH } from './desk-name.js';
