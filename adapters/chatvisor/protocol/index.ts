/** The Chatvisor (TeamViewer Engage) wire protocol, shared by the adapter and the simulator. */
export * from './rest-paths.js';
export * from './resources.js';
export * from './webhooks.js';
