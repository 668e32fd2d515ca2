import type { ConformanceTarget } from './kit/harness.js';
import { exampleAdapter } from '@byosd/adapter-example';
import { defineSimulator, type SimulatorDefinition } from './kit/simulator.js';
import { exampleConformance } from './example/example-harness.js';
import { ExampleSimulator } from './example/example-simulator.js';
import { CONVERSATION_EVENTS_PATH, twilioFlexAdapter } from '@byosd/adapter-twilio-flex';
import { configureConversationWebhook, twilioFlexConformance, twilioFlexInteractionsConformance, twilioFlexOptionsFor } from './twilio-flex/twilio-flex-harness.js';
import { TwilioFlexSimulator } from './twilio-flex/twilio-flex-simulator.js';
import { genesysCloudAdapter } from '@byosd/adapter-genesys-cloud';
import { genesysCloudConformance } from './genesys-cloud/genesys-cloud-harness.js';
import { GENESYS_SIMULATOR_DEPLOYMENT_ID, GenesysCloudSimulator } from './genesys-cloud/genesys-cloud-simulator.js';

/**
 * Every simulator, by backend name. Adding a backend: a folder `src/<backend>/` with its simulator (built on
 * `kit/`) and the conformance targets of its adapters, and one entry here; its `demo` wiring puts it in the
 * browser demo and the browser tests (docs/widget.md, "Adding a backend to the demo").
 */
export const SIMULATORS: readonly SimulatorDefinition[] = [
  defineSimulator({
    name: 'example',
    description: 'The example desk (WebSocket frames of @byosd/adapter-example)',
    create: (options) => new ExampleSimulator(options),
    conformanceTargets: [exampleConformance],
    demo: {
      adapter: exampleAdapter,
      gatewayOptions: (simulator) => ({ url: simulator.deskUrl }),
      inPageOptions: (simulator) => ({ url: simulator.deskUrl }),
      intake: [{ id: 'name', label: 'Your name', labels: { nl: 'Uw naam' }, required: true }],
    },
  }),
  defineSimulator({
    name: 'twilio-flex',
    description: 'Twilio Flex on Conversations: Conversations, Flex and TaskRouter REST, signed webhooks (@byosd/adapter-twilio-flex)',
    create: (options) => new TwilioFlexSimulator(options),
    conformanceTargets: [twilioFlexConformance, twilioFlexInteractionsConformance],
    demo: {
      adapter: twilioFlexAdapter,
      // Node-only (it holds the auth token): the demo runs it on the gateway alone.
      gatewayOptions: (simulator) => ({ ...twilioFlexOptionsFor(simulator) }),
      deliverWebhooksTo: (simulator, webhookBaseUrl) => configureConversationWebhook(simulator, `${webhookBaseUrl}${CONVERSATION_EVENTS_PATH}`),
    },
  }),
  defineSimulator({
    name: 'genesys-cloud',
    description: 'Genesys Cloud Web Messaging (guest WebSocket /v1, OAuth, routing and analytics REST)',
    create: (options) => new GenesysCloudSimulator(options),
    conformanceTargets: [genesysCloudConformance],
    demo: {
      adapter: genesysCloudAdapter,
      // Guest options only: public, the same in the page and on the gateway. Without the OAuth client the demo has
      // no availability route, so areAnyAgentsOnline answers null (unknown) and the chat starts.
      gatewayOptions: (simulator) => genesysGuestOptions(simulator),
      inPageOptions: (simulator) => genesysGuestOptions(simulator),
    },
  }),
];

function genesysGuestOptions(simulator: GenesysCloudSimulator) {
  return { deploymentId: GENESYS_SIMULATOR_DEPLOYMENT_ID, webSocketUrl: simulator.guestWebSocketUrl, apiUrl: simulator.apiUrl };
}

function targetName(target: ConformanceTarget): string {
  return target.name ?? target.plugin.name;
}

/** The names `byosd simulate` accepts. */
export function simulatorNames(): string[] {
  return SIMULATORS.map((simulator) => simulator.name);
}

/** @throws TypeError listing the known simulators when there is none called `name`. */
export function findSimulator(name: string): SimulatorDefinition {
  const found = SIMULATORS.find((simulator) => simulator.name === name);
  if (!found) throw new TypeError(`Unknown simulator "${name}". Known simulators: ${simulatorNames().join(', ')}`);
  return found;
}

/** The adapter names that have a conformance target here. */
export function conformanceTargetNames(): string[] {
  return SIMULATORS.flatMap((simulator) => simulator.conformanceTargets.map(targetName));
}

/** The conformance target of the adapter `name`, or undefined when no simulator here serves it. */
export function findConformanceTarget(name: string): ConformanceTarget | undefined {
  return SIMULATORS.flatMap((simulator) => simulator.conformanceTargets).find((target) => targetName(target) === name);
}

/** The registry entries that the browser demo wires (those with `demo`). */
export function demoBackends(): Array<SimulatorDefinition & { demo: NonNullable<SimulatorDefinition['demo']> }> {
  return SIMULATORS.filter((simulator): simulator is SimulatorDefinition & { demo: NonNullable<SimulatorDefinition['demo']> } => simulator.demo !== undefined);
}
