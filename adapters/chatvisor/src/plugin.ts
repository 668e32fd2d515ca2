import { version } from '../package.json';
import { defineAdapter, SPEC_VERSION } from '@byosd/core';
import { CHATVISOR_MAX_MESSAGE_LENGTH } from '../protocol/index.js';
import { CHATVISOR_SECRET_OPTIONS, chatvisorOptionsSchema } from './chatvisor-options.js';
import { ChatvisorServiceDesk } from './chatvisor-service-desk.js';
import { chatvisorWebhookRoutes } from './webhook-routes.js';

/**
 * Chatvisor (TeamViewer Engage). Node only: it holds the API token. Declared honestly: Chatvisor's API carries no
 * typing, no read receipts, no queue position and no files for this flow; there is no standing connection to lose
 * (requests are retried, webhooks backed by polling); the user's locale has nowhere to go.
 */
export const chatvisorAdapter = defineAdapter({
  name: 'chatvisor',
  version,
  specVersion: SPEC_VERSION,
  description: 'Chatvisor / TeamViewer Engage (REST, webhooks with a polling fallback)',
  runtime: 'node',
  optionsSchema: chatvisorOptionsSchema,
  secretOptions: [...CHATVISOR_SECRET_OPTIONS],
  capabilities: {
    agentAvailability: true,
    queueUpdates: false,
    userTyping: false,
    agentTyping: false,
    userReadReceipts: false,
    agentReadReceipts: false,
    transfer: true,
    agentLeave: true,
    fileUploads: false,
    stateUpdates: false,
    resume: true,
    disconnectReporting: false,
    maxMessageLength: CHATVISOR_MAX_MESSAGE_LENGTH,
  },
  serviceDesk: ChatvisorServiceDesk,
  webhooks: chatvisorWebhookRoutes,
});
