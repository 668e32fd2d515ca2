/**
 * The baseline of the relay: a bare `ws` forwarder, one upstream socket per client socket, every message passed
 * on as it is in both directions: the hops of the gateway, without its work.
 */
import type { AddressInfo } from 'node:net';
import { type RawData, WebSocket, WebSocketServer } from 'ws';
import { serveCommands } from './child-process.js';

let server: WebSocketServer | undefined;

function forward(client: WebSocket, upstreamUrl: string): void {
  const upstream = new WebSocket(upstreamUrl);
  const early: RawData[] = [];
  client.on('message', (data) => (upstream.readyState === WebSocket.OPEN ? upstream.send(data) : early.push(data)));
  upstream.on('open', () => early.splice(0).forEach((data) => upstream.send(data)));
  upstream.on('message', (data) => client.send(data));
  client.on('close', () => upstream.close());
  upstream.on('close', () => client.close());
  upstream.on('error', () => client.terminate());
}

serveCommands({
  async start({ upstreamUrl }: { upstreamUrl: string }) {
    server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    server.on('connection', (client) => forward(client, upstreamUrl));
    await new Promise((resolve) => server?.once('listening', resolve));
    return { url: `ws://127.0.0.1:${(server.address() as AddressInfo).port}` };
  },
  stop: () => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())),
});
