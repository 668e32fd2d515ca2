import { runConformance, viaGateway } from '@byosd/conformance';
import { WebSocket } from 'ws';
import { mobileServiceCloudConformance } from '../testbed/index.js';

// Node 20 has no global WebSocket, and jest's sandbox cannot load `ws` the way the proxy desk does (a dynamic
// import): give the proxy desk the global it finds on Node 22 and in browsers.
(globalThis as { WebSocket?: unknown }).WebSocket ??= WebSocket;

// MSC's presence API allows 3 calls a second: 20 chats started at once wait up to 7 s for their presence checks
// (the adapter's limiter), longer than the proxy's default 5 s bound on the gateway's answer to a start.
runConformance(viaGateway(mobileServiceCloudConformance, { proxy: { requestTimeoutMs: 12_000 } }));
