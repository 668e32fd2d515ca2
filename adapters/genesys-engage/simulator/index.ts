/** The loopback simulator of Genesys Engage GWS customer chat, built on the @byosd/simulators kit. Node only. */
export { GenesysEngageSimulator, GWS_FAULTS_PREFIX, type GenesysEngageSimulatorOptions, type ObservedPoll } from './genesys-engage-simulator.js';
export { createGwsAgentDriver } from './gws-agent-driver.js';
export { type PollFault, pollFaultSchema } from './poll-faults.js';
