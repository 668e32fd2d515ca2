import { runConformance, viaGateway } from '@byosd/conformance';
import { WebSocket } from 'ws';
import { chatvisorConformance } from '../testbed/index.js';

// The proxy desk is given `ws` explicitly: Node 20 has no global WebSocket, and jest cannot import one on demand.
runConformance(viaGateway(chatvisorConformance, { proxy: { WebSocket: WebSocket as never } }));
