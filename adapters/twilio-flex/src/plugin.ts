import { version } from '../package.json';
import { defineAdapter, SPEC_VERSION } from '@byosd/core';
import { twilioFlexOptionsSchema } from './twilio-flex-options.js';
import { TwilioFlexServiceDesk } from './twilio-flex-service-desk.js';
import { twilioFlexWebhookRoutes } from './webhook-routes.js';

/**
 * Twilio Flex on Conversations. Node only: it holds the Auth Token. Typing is not declared: Twilio carries it
 * only on the SDK's own connection, never in REST or webhooks. Files and disconnect reporting are not declared
 * either: this adapter sends text only, and has no standing connection to lose (REST calls are retried).
 */
export const twilioFlexAdapter = defineAdapter({
  name: 'twilio-flex',
  version,
  specVersion: SPEC_VERSION,
  description: 'Twilio Flex on Conversations (REST, signed webhooks, TaskRouter statistics)',
  runtime: 'node',
  optionsSchema: twilioFlexOptionsSchema,
  secretOptions: ['authToken'],
  capabilities: {
    agentAvailability: true,
    queueUpdates: true,
    userTyping: false,
    agentTyping: false,
    userReadReceipts: true,
    agentReadReceipts: true,
    transfer: true,
    agentLeave: true,
    fileUploads: false,
    stateUpdates: true,
    resume: true,
    disconnectReporting: false,
    maxMessageLength: 1600,
  },
  serviceDesk: TwilioFlexServiceDesk,
  webhooks: twilioFlexWebhookRoutes,
});
