import { type AdapterPlugin, silentLogger } from '@byosd/core';
import { type ConformanceTarget, pluginDeskFactory } from '@byosd/conformance';
import { genesysEngageAdapter, type GenesysEngageOptionsInput } from '../src/index.js';
import { GenesysEngageSimulator } from '../simulator/index.js';

/**
 * Fast polling and retry delays, so that conformance runs finish quickly; the policy is that of the defaults
 * (fast while active, backing off when idle, jittered), on a shorter clock.
 */
const FAST_OPTIONS = {
  minPollIntervalMs: 20,
  maxPollIntervalMs: 200,
  activeHoldMs: 500,
  typingHoldMs: 2000,
  retryDelayMs: 20,
} satisfies Partial<GenesysEngageOptionsInput>;

/** The adapter options that point at a running simulator (the defaults otherwise: what an operator configures). */
export function genesysEngageOptionsFor(simulator: GenesysEngageSimulator): GenesysEngageOptionsInput {
  return { baseUrl: simulator.baseUrl, contactCenterId: simulator.contactCenterId };
}

/** The conformance target of the Genesys Engage adapter: each scenario gets its own simulator on loopback. */
export function createGenesysEngageConformanceTarget(plugin: AdapterPlugin = genesysEngageAdapter): ConformanceTarget {
  return {
    plugin,
    injectsFaults: true,
    async setup({ seed }) {
      const simulator = new GenesysEngageSimulator({ seed });
      await simulator.start();
      return {
        createDesk: pluginDeskFactory(plugin, { ...genesysEngageOptionsFor(simulator), ...FAST_OPTIONS }, silentLogger),
        agent: simulator.agent,
        faults: simulator.faults,
        teardown: () => simulator.stop(),
      };
    },
  };
}

export const genesysEngageConformance = createGenesysEngageConformanceTarget();
