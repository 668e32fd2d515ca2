import { type AdapterPlugin } from '@byosd/core';
import { exampleAdapter, type ExampleOptionsInput } from '../src/index.js';
import { type ConformanceTarget, pluginDeskFactory } from '@byosd/conformance';
import { ExampleSimulator } from '../simulator/example-simulator.js';

/**
 * Adapter options for conformance runs: short timeouts and reconnect delays, so that the fault scenarios finish
 * quickly; the behaviour checked is the same as with the defaults.
 */
const FAST_OPTIONS: Omit<ExampleOptionsInput, 'url'> = { requestTimeoutMs: 1000, reconnectDelayMs: 20, reconnectAttempts: 8 };

/**
 * The conformance target of an adapter that speaks the example desk protocol: each scenario gets its own example
 * simulator on a fresh loopback port. `plugin` defaults to the example adapter; the suite's broken-adapter tests
 * pass variants of it.
 */
export function createExampleConformanceTarget(plugin: AdapterPlugin = exampleAdapter): ConformanceTarget {
  return {
    plugin,
    injectsFaults: true,
    async setup({ seed }) {
      const simulator = new ExampleSimulator({ seed });
      await simulator.start();
      return {
        createDesk: pluginDeskFactory(plugin, { ...FAST_OPTIONS, url: simulator.deskUrl }),
        agent: simulator.agent,
        faults: simulator.faults,
        teardown: () => simulator.stop(),
      };
    },
  };
}

export const exampleConformance = createExampleConformanceTarget();
