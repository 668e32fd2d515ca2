import type { IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fastify, type FastifyInstance } from 'fastify';
import { type WebSocket, WebSocketServer } from 'ws';
import { RequestRecorder } from './request-recorder.js';

export interface SimulatorServerOptions {
  /** Default 127.0.0.1: simulators never listen beyond loopback unless told to. */
  host?: string;
  /** Default 0: an ephemeral port. */
  port?: number;
}

export interface SimulatorUrls {
  /** e.g. http://127.0.0.1:41234 */
  http: string;
  /** e.g. ws://127.0.0.1:41234 */
  ws: string;
}

type WebSocketHandler = (socket: WebSocket, request: IncomingMessage) => void;

/**
 * The loopback HTTP + WebSocket server every simulator runs on: fastify for REST routes and the control API, `ws`
 * for socket endpoints on the same port, and a recorder of every HTTP request.
 */
export class SimulatorServer {
  readonly app: FastifyInstance;
  readonly recorder = new RequestRecorder();
  private readonly host: string;
  private readonly port: number;
  private readonly webSockets = new WebSocketServer({ noServer: true });
  private readonly webSocketHandlers = new Map<string, WebSocketHandler>();
  private currentUrls: SimulatorUrls | undefined;

  constructor(options: SimulatorServerOptions = {}) {
    this.host = options.host ?? '127.0.0.1';
    this.port = options.port ?? 0;
    this.app = fastify({ logger: false, forceCloseConnections: true });
    this.app.addHook('preHandler', async (request) => {
      this.recorder.record({ transport: 'http', direction: 'in', method: request.method, path: request.url, body: request.body });
    });
    this.app.server.on('upgrade', (request: IncomingMessage, socket, head) => {
      const path = new URL(request.url ?? '/', 'http://localhost').pathname;
      const handler = this.webSocketHandlers.get(path);
      if (!handler) {
        socket.destroy();
        return;
      }
      this.webSockets.handleUpgrade(request, socket, head, (webSocket) => handler(webSocket, request));
    });
  }

  /** Serves a WebSocket endpoint at `path`. */
  webSocket(path: string, handler: WebSocketHandler): void {
    this.webSocketHandlers.set(path, handler);
  }

  async start(): Promise<SimulatorUrls> {
    await this.app.listen({ host: this.host, port: this.port });
    const { port } = this.app.server.address() as AddressInfo;
    const host = this.host.includes(':') ? `[${this.host}]` : this.host;
    this.currentUrls = { http: `http://${host}:${port}`, ws: `ws://${host}:${port}` };
    return this.currentUrls;
  }

  /** The base URLs. @throws TypeError before `start`. */
  get urls(): SimulatorUrls {
    if (!this.currentUrls) throw new TypeError('The simulator has not been started');
    return this.currentUrls;
  }

  /** Closes every socket and stops listening. */
  async stop(): Promise<void> {
    for (const socket of this.webSockets.clients) socket.terminate();
    await new Promise<void>((resolve) => this.webSockets.close(() => resolve()));
    await this.app.close();
    this.currentUrls = undefined;
  }
}
