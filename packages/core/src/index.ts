/**
 * @byosd/core: the byosd.v1 service desk contract, the chat session every adapter runs in, the plugin registry,
 * errors, and the plumbing adapters share. Browser-safe: nothing here imports a Node built-in.
 *
 * @module @byosd/core
 */

// The contract
export * from './contract/spec-version.js';
export * from './contract/json.js';
export * from './contract/agent-profile.js';
export * from './contract/agent-availability.js';
export * from './contract/chat-capabilities.js';
export * from './contract/chat-state.js';
export * from './contract/capability-manifest.js';
export * from './contract/connect-message.js';
export * from './contract/end-chat-info.js';
export * from './contract/error-info.js';
export * from './contract/file-upload.js';
export * from './contract/intake-question.js';
export * from './contract/message-request.js';
export * from './contract/message-response.js';
export * from './contract/persisted-state.js';
export * from './contract/service-desk.js';
export * from './contract/service-desk-callback.js';
export * from './contract/service-desk-state.js';
export * from './contract/start-chat-options.js';
export * from './contract/adapter-plugin.js';

// Errors
export * from './errors/error-codes.js';
export * from './errors/service-desk-error.js';
export * from './errors/zod-issues.js';

// Events
export * from './bus/chat-event.js';
export * from './bus/chat-event-bus.js';
export * from './bus/dispatch-to-callback.js';

// Chat sessions
export { ChatSession, type ChatSessionOptions } from './session/chat-session.js';
export { assertCallable, LIVE_STATES, type ChatOperation } from './session/lifecycle.js';

// Plugins
export * from './plugins/adapter-store.js';
export * from './plugins/define-adapter.js';
export * from './plugins/service-desk-registry.js';
export * from './plugins/service-identifiers.js';
export { adapterModule } from './plugins/adapter-module.js';
export { optionsReferenceTable } from './plugins/options-reference.js';
export { isAdapterPlugin, validatePlugin } from './plugins/validate-plugin.js';

// Plumbing for adapters
export * from './guarantees/idempotent-sends.js';
export * from './guarantees/retry-while-live.js';
export * from './guarantees/look-before-posting.js';
export * from './guarantees/report-malformed-answer.js';
export * from './http/retry.js';
export * from './http/retry-after.js';
export * from './webhooks/webhook-route.js';
export * from './webhooks/webhook-hub.js';
export * from './util/logger.js';
export * from './util/random-id.js';
export * from './util/with-timeout.js';
export * from './util/message-length.js';
export * from './util/websocket.js';
export * from './util/websocket-options.js';
export * from './util/pending-requests.js';
export * from './util/connection-recovery.js';
export * from './bus/wait-for-event.js';
