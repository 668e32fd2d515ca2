import { version } from '../../package.json';
import { defineAdapter, SPEC_VERSION } from '@byosd/core';
import { gatewayOptionsSchema } from './gateway-options.js';
import { GatewayServiceDesk } from './gateway-service-desk.js';

/**
 * The `gateway` adapter: loads "an adapter" that runs on a byosd gateway, the same way as one that runs in the
 * page: `loadServiceDesk('gateway', { url, adapter: 'genesys-cloud' }, callback)`. It declares what the protocol
 * can carry; an adapter on the gateway that lacks a capability answers NOT_SUPPORTED through it. Files cross the
 * protocol in pieces (`file` frames) and reach the hosted adapter whole.
 */
export const gatewayAdapter = defineAdapter({
  name: 'gateway',
  version,
  specVersion: SPEC_VERSION,
  description: 'Any adapter hosted on a byosd gateway, over the widget protocol',
  runtime: 'both',
  optionsSchema: gatewayOptionsSchema,
  capabilities: {
    agentAvailability: true,
    queueUpdates: true,
    userTyping: true,
    agentTyping: true,
    userReadReceipts: true,
    agentReadReceipts: true,
    transfer: true,
    agentLeave: true,
    fileUploads: true,
    stateUpdates: true,
    resume: true,
    disconnectReporting: true,
    // Three UTF-8 bytes per character at most keeps a send frame under the gateway's default 64 KiB limit.
    maxMessageLength: 16_384,
  },
  serviceDesk: GatewayServiceDesk,
});
