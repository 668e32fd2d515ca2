import { type CapabilityManifest, defineAdapter, SPEC_VERSION } from '@byosd/core';
import { messageWebhookRoutes } from './message-webhook.js';
import { MobileServiceCloudServiceDesk } from './mobile-service-cloud-service-desk.js';
import { MOBILE_SERVICE_CLOUD_SECRET_OPTIONS, mobileServiceCloudOptionsSchema } from './mobile-service-cloud-options.js';

/** What the adapter does, honestly (README, "Capabilities"). */
export const MOBILE_SERVICE_CLOUD_CAPABILITIES: CapabilityManifest = {
  // The presence check decides the handover inside startChat; its seed rule (a failed check is offline) cannot
  // answer the contract's null for "unknown", so areAnyAgentsOnline is not offered.
  agentAvailability: false,
  queueUpdates: false,
  userTyping: true,
  agentTyping: true,
  userReadReceipts: false,
  agentReadReceipts: false,
  transfer: true,
  agentLeave: true,
  fileUploads: false,
  stateUpdates: false,
  // The router and MSC hold the conversation: another desk resumes it by listening under its ChatId again.
  resume: true,
  // Webhooks, no connection to lose.
  disconnectReporting: false,
  maxMessageLength: 4096,
};

export const mobileServiceCloudAdapter = defineAdapter({
  name: 'mobile-service-cloud',
  version: '0.1.0',
  specVersion: SPEC_VERSION,
  description: 'CM.com Conversational AI Cloud -> Mobile Service Cloud live chat handover (presence, prechat, routing mutation, TwoWay)',
  runtime: 'node',
  optionsSchema: mobileServiceCloudOptionsSchema,
  secretOptions: MOBILE_SERVICE_CLOUD_SECRET_OPTIONS,
  capabilities: MOBILE_SERVICE_CLOUD_CAPABILITIES,
  serviceDesk: MobileServiceCloudServiceDesk,
  webhooks: messageWebhookRoutes,
});
