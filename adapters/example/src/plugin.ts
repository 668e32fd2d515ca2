import { version } from '../package.json';
import { defineAdapter, SPEC_VERSION } from '@byosd/core';
import { exampleOptionsSchema } from './example-options.js';
import { ExampleServiceDesk } from './example-service-desk.js';

/**
 * The example adapter's plugin. Every capability is declared, because the example desk supports them all;
 * a real adapter declares only what its backend really does, and the conformance suite skips the rest.
 */
export const exampleAdapter = defineAdapter({
  name: 'example',
  version,
  specVersion: SPEC_VERSION,
  description: 'The reference adapter, over an in-process fake desk or the example desk simulator',
  runtime: 'both',
  optionsSchema: exampleOptionsSchema,
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
    maxMessageLength: 4096,
  },
  serviceDesk: ExampleServiceDesk,
});
