import { version } from '../package.json';
import { defineAdapter, SPEC_VERSION } from '@byosd/core';
import { MAX_MESSAGE_TEXT_LENGTH } from '../protocol/index.js';
import { genesysEngageOptionsSchema } from './genesys-engage-options.js';
import { GenesysEngageServiceDesk } from './genesys-engage-service-desk.js';

/**
 * The Genesys Engage GWS customer chat adapter. Anonymous and secret-free, so it runs in a page or on the gateway.
 * Capabilities are what the customer API offers: typing both ways, agents joining, leaving and being replaced
 * (a transfer), resume from the message index; no agent availability or queue position (the customer API cannot
 * tell), no read receipts, no files in this adapter.
 */
export const genesysEngageAdapter = defineAdapter({
  name: 'genesys-engage',
  version,
  specVersion: SPEC_VERSION,
  description: 'Genesys Engage GWS customer chat (HTTP polling, ContactCenterId header)',
  runtime: 'both',
  optionsSchema: genesysEngageOptionsSchema,
  capabilities: {
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
    resume: true,
    disconnectReporting: true,
    maxMessageLength: MAX_MESSAGE_TEXT_LENGTH,
  },
  serviceDesk: GenesysEngageServiceDesk,
});
