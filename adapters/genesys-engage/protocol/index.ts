/** The Genesys Engage GWS customer chat wire protocol, as zod schemas and constants shared by the adapter and the simulator. */
export * from './constants.js';
export * from './messages.js';
export * from './requests.js';
export * from './responses.js';
