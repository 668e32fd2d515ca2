/**
 * @byosd/gateway/client: the browser-safe part of the gateway. The widget protocol's frame schemas, and the
 * proxy desk that speaks it (the `gateway` adapter plugin). Nothing here imports a Node built-in.
 *
 * @module @byosd/gateway/client
 */
import { gatewayAdapter } from './gateway-adapter.js';

export default gatewayAdapter;
export { gatewayAdapter };
export { GatewayServiceDesk } from './gateway-service-desk.js';
export { GatewaySocket, type GatewaySocketEvents, type OutgoingFrame } from './gateway-socket.js';
export * from './gateway-options.js';
export * from '../protocol/version.js';
export * from '../protocol/client-frames.js';
export * from '../protocol/server-frames.js';
export * from '../protocol/wire-error.js';
