/**
 * The widget protocol, version 1: JSON frames over one WebSocket per chat (docs/gateway-protocol.md).
 * The gateway parses client frames (client-frames.ts), the proxy desk parses server frames (server-frames.ts); the
 * two live apart so that the browser bundle carries only the schemas it parses.
 */
export const PROTOCOL_VERSION = 1 as const;
