import { version } from '../package.json';
import { defineAdapter, SPEC_VERSION } from '@byosd/core';
import { genesysCloudOptionsSchema } from './genesys-cloud-options.js';
import { GenesysCloudServiceDesk } from './genesys-cloud-service-desk.js';
import { MAX_TEXT_LENGTH } from '../protocol/error-codes.js';
import { availabilityRoutes } from './server/availability-routes.js';

/**
 * The Genesys Cloud Web Messaging adapter. The guest side runs in a page or on the gateway; the availability route
 * (`webhooks`) runs on a host that holds the OAuth client. Capabilities are what the guest API really offers:
 * no read receipts, no "stopped typing" from the guest, no leave-without-end, no queue position.
 */
export const genesysCloudAdapter = defineAdapter({
  name: 'genesys-cloud',
  version,
  specVersion: SPEC_VERSION,
  description: 'Genesys Cloud Web Messaging (guest WebSocket API)',
  runtime: 'both',
  optionsSchema: genesysCloudOptionsSchema,
  secretOptions: ['oauthClientSecret'],
  capabilities: {
    agentAvailability: true,
    queueUpdates: false,
    userTyping: false,
    agentTyping: true,
    userReadReceipts: false,
    agentReadReceipts: false,
    transfer: true,
    agentLeave: false,
    fileUploads: false,
    stateUpdates: false,
    resume: true,
    disconnectReporting: true,
    maxMessageLength: MAX_TEXT_LENGTH,
  },
  serviceDesk: GenesysCloudServiceDesk,
  webhooks: (context) => availabilityRoutes(context.options),
});
