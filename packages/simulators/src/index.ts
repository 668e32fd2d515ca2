/**
 * @byosd/simulators: loopback stand-ins for the backends byosd talks to, built on one kit: an HTTP + WebSocket
 * server on an ephemeral port, request recording, an agent driver, seeded fault injection and a control API.
 * Node only.
 */

// The kit
export * from './kit/agent-driver.js';
export * from './kit/control-api.js';
export * from './kit/fault-control.js';
export * from './kit/faults.js';
export * from './kit/faulty-delivery.js';
export * from './kit/harness.js';
export * from './kit/http-faults.js';
export * from './kit/plugin-desk.js';
export * from './kit/raw-data-text.js';
export * from './kit/request-recorder.js';
export * from './kit/seeded-random.js';
export * from './kit/simulator.js';
export * from './kit/simulator-server.js';
export * from './kit/sliding-window-limit.js';
export * from './kit/wait-for-topic.js';
export * from './kit/webhook-host.js';

// The simulators
export { ExampleSimulator, EXAMPLE_DESK_PATH } from './example/example-simulator.js';
export { createExampleAgentDriver } from './example/example-agent-driver.js';
export { createExampleConformanceTarget, exampleConformance } from './example/example-harness.js';
export { TwilioFlexSimulator, type TwilioFlexSimulatorOptions, type TwilioBaseUrls } from './twilio-flex/twilio-flex-simulator.js';
export { createTwilioFlexConformanceTarget, twilioFlexConformance, twilioFlexInteractionsConformance, twilioFlexOptionsFor, configureConversationWebhook } from './twilio-flex/twilio-flex-harness.js';
export { twilioErrorBody } from './twilio-flex/twilio-rest.js';
export { SIMULATORS, demoBackends, simulatorNames, findSimulator, conformanceTargetNames, findConformanceTarget } from './registry.js';
export {
  GenesysCloudSimulator,
  GENESYS_GUEST_PATH,
  GENESYS_SIMULATOR_DEPLOYMENT_ID,
  GENESYS_SIMULATOR_OAUTH_CLIENT,
  GENESYS_SIMULATOR_QUEUE_ID,
  type GenesysCloudSimulatorOptions,
} from './genesys-cloud/genesys-cloud-simulator.js';
export { createGenesysCloudAgentDriver } from './genesys-cloud/genesys-cloud-agent-driver.js';
export { createGenesysCloudConformanceTarget, genesysCloudConformance } from './genesys-cloud/genesys-cloud-harness.js';
