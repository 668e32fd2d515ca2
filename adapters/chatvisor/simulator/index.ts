/** The loopback simulator of Chatvisor (TeamViewer Engage), built on the kit of @byosd/simulators. */
export { ChatvisorSimulator, type ChatvisorSimulatorOptions } from './chatvisor-simulator.js';
export { ChatvisorBackend, ChatvisorApiError, type StoredConversation } from './chatvisor-backend.js';
export { createChatvisorAgentDriver } from './chatvisor-agent-driver.js';
export { PublicAgentLinks, PUBLIC_CHAT_PATH } from './public-agent-links.js';
export { WebhookDispatcher, type WebhookSettings } from './webhook-dispatcher.js';
export { evaluateVisibility, type VisibilityFacts, type RuleOutcome } from './visibility-rules.js';
