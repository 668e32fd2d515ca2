/** @byosd/demo: the browser demo behind `npm start` (Node): a simulator of every backend of the workspace, a gateway hosting their adapters, the demo page and the agent console. */
export { startDemoServer, type DemoServer, type DemoServerOptions } from './server/demo-server.js';
export { describeBackend, startDemoBackends, stopDemoBackends, type RunningBackend } from './server/demo-backends.js';
