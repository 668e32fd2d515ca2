import type { JsonObject } from '@byosd/core';
import type { DemoBot, DemoWiring, Simulator } from '@byosd/simulators';
import { demoBackends } from '@byosd/testbed';
import { controlApiPath, type DemoBackend } from '../page/demo-catalog.js';

/** A backend of the demo, running: its simulator started, its adapter's options filled in from it. */
export interface RunningBackend {
  name: string;
  description: string;
  wiring: DemoWiring;
  simulator: Simulator;
  /** The adapter's server-side options: for the gateway only, never sent to a page. */
  gatewayOptions: JsonObject;
  /** The adapter's public options for running it in the page, when it can. */
  inPageOptions?: JsonObject;
  /** The bot the conversation starts with, when the backend has one. */
  bot?: DemoBot;
}

/** Starts the simulator of every backend in the registry that has demo wiring, on loopback ports. */
export async function startDemoBackends(): Promise<RunningBackend[]> {
  const running: RunningBackend[] = [];
  try {
    for (const definition of demoBackends()) {
      const simulator = definition.create({ host: '127.0.0.1', port: 0 });
      await simulator.start();
      const { demo } = definition;
      running.push({
        name: definition.name,
        description: definition.description,
        wiring: demo,
        simulator,
        gatewayOptions: demo.gatewayOptions(simulator),
        ...(demo.inPageOptions ? { inPageOptions: demo.inPageOptions(simulator) } : {}),
        ...(demo.bot ? { bot: demo.bot(simulator) } : {}),
      });
    }
  } catch (error) {
    await stopDemoBackends(running);
    throw error;
  }
  return running;
}

export async function stopDemoBackends(backends: readonly RunningBackend[]): Promise<void> {
  await Promise.all(backends.map((backend) => backend.simulator.stop()));
}

/** What the pages learn about a backend: names and paths, no option. */
export function describeBackend(backend: RunningBackend): DemoBackend {
  return {
    name: backend.name,
    description: backend.description,
    adapter: backend.wiring.adapter.name,
    inPage: backend.inPageOptions !== undefined,
    ...(backend.wiring.intake ? { intake: backend.wiring.intake } : {}),
    bot: backend.bot !== undefined,
    controlApi: controlApiPath(backend.name),
  };
}
