/**
 * @byosd/simulators: the kit every backend's loopback simulator is built on: an HTTP + WebSocket server on an
 * ephemeral port, request recording, seeded fault injection, faulty delivery, a webhook host and the control API
 * that the agent console and other processes drive an `AgentDriver` through. It knows no adapter: each backend's
 * simulator lives in its own folder (`adapters/<name>/simulator`). Node only.
 */
export * from './kit/control-api.js';
export * from './kit/fault-control.js';
export * from './kit/faults.js';
export * from './kit/faulty-delivery.js';
export * from './kit/http-faults.js';
export * from './kit/raw-data-text.js';
export * from './kit/request-recorder.js';
export * from './kit/seeded-random.js';
export * from './kit/simulator.js';
export * from './kit/simulator-server.js';
export * from './kit/sliding-window-limit.js';
export * from './kit/wait-for-topic.js';
export * from './kit/webhook-host.js';
