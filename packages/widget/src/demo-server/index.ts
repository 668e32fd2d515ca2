/** @byosd/widget/demo-server: the browser demo behind `npm start` (Node). */
export { startDemoServer, type DemoServer, type DemoServerOptions } from './demo-server.js';
export { describeBackend, startDemoBackends, stopDemoBackends, type RunningBackend } from './demo-backends.js';
