/**
 * The baseline's desk: a bare `ws` server that sends every message back. Idle, it is the baseline of the memory
 * per idle chat: a socket held open and nothing else.
 */
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import { serveCommands } from './child-process.js';
import { measureMemory } from './memory-usage.js';

let server: WebSocketServer | undefined;

serveCommands({
  async start() {
    server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    server.on('connection', (socket) => socket.on('message', (data, isBinary) => socket.send(data, { binary: isBinary })));
    await new Promise((resolve) => server?.once('listening', resolve));
    return { url: `ws://127.0.0.1:${(server.address() as AddressInfo).port}` };
  },
  memory: () => measureMemory(),
  connections: () => server?.clients.size ?? 0,
  stop: () => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())),
});
