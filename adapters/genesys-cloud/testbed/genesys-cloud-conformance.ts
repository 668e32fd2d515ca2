import { z } from 'zod';
import type { AdapterPlugin } from '@byosd/core';
import { genesysCloudAdapter, type GenesysCloudOptionsInput } from '../src/index.js';
import { type ConformanceTarget, pluginDeskFactory } from '@byosd/conformance';
import {
  GENESYS_SIMULATOR_DEPLOYMENT_ID,
  GENESYS_SIMULATOR_OAUTH_CLIENT,
  GENESYS_SIMULATOR_QUEUE_ID,
  GenesysCloudSimulator,
} from '../simulator/genesys-cloud-simulator.js';

/**
 * The rate both sides agree on in conformance runs. The scenarios send hundreds of messages, which Genesys's real
 * 2 per second would stretch to minutes; the pacing itself is tested at the real rate in the adapter's own tests.
 */
const CONFORMANCE_MESSAGES_PER_SECOND = 1000;

/**
 * Short timeouts and delays, so that the fault scenarios finish quickly; the behaviour checked is the same. The
 * reorder window covers the kit's hold-back of a reordered event (25 ms) with room for a loaded machine.
 */
const FAST_OPTIONS: Partial<GenesysCloudOptionsInput> = {
  requestTimeoutMs: 1000,
  reconnectDelayMs: 20,
  reconnectAttempts: 8,
  reorderWindowMs: 120,
  messagesPerSecond: CONFORMANCE_MESSAGES_PER_SECOND,
};

/**
 * The conformance target of an adapter that speaks Genesys Cloud Web Messaging: each scenario gets its own
 * simulator on a fresh loopback port, which also hosts the adapter's availability route as a gateway would.
 */
export function createGenesysCloudConformanceTarget(plugin: AdapterPlugin = genesysCloudAdapter): ConformanceTarget {
  return {
    plugin,
    injectsFaults: true,
    async setup({ seed }) {
      const simulator = new GenesysCloudSimulator({ seed, messagesPerSecond: CONFORMANCE_MESSAGES_PER_SECOND });
      // The routes read the options at their first request, when the server's URLs are known.
      simulator.hostAdapterRoutes(plugin, () => z.parse(plugin.optionsSchema, harnessOptions(simulator, plugin)));
      await simulator.start();
      const options = harnessOptions(simulator, plugin);
      const createDesk = pluginDeskFactory(plugin, options);
      return { createDesk, agent: simulator.agent, faults: simulator.faults, teardown: () => simulator.stop() };
    },
  };
}

/** The adapter options pointing at `simulator`, with its OAuth client and queue for the availability route. */
function harnessOptions(simulator: GenesysCloudSimulator, plugin: AdapterPlugin): GenesysCloudOptionsInput {
  return {
    ...FAST_OPTIONS,
    deploymentId: GENESYS_SIMULATOR_DEPLOYMENT_ID,
    webSocketUrl: simulator.guestWebSocketUrl,
    apiUrl: simulator.apiUrl,
    loginUrl: simulator.apiUrl,
    availabilityUrl: `${simulator.apiUrl}/webhooks/${plugin.name}/availability`,
    oauthClientId: GENESYS_SIMULATOR_OAUTH_CLIENT.id,
    oauthClientSecret: GENESYS_SIMULATOR_OAUTH_CLIENT.secret,
    queueId: GENESYS_SIMULATOR_QUEUE_ID,
  };
}

export const genesysCloudConformance = createGenesysCloudConformanceTarget();
