import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { type RawData, type WebSocket, WebSocketServer } from 'ws';
import { isOriginAllowed } from '../security/origin-policy.js';
import { FrameCoalescer } from './frame-coalescer.js';
import { WidgetConnection, type WidgetConnectionOptions } from './widget-connection.js';

/** The path widgets open their WebSocket on. */
export const WIDGET_SOCKET_PATH = '/v1/chat';

export interface WidgetSocketServerOptions extends WidgetConnectionOptions {
  allowedOrigins: readonly string[];
  accepting(): boolean;
  /** How often each connection is pinged; one that has not answered the previous ping by then is dropped. */
  pingIntervalMs: number;
  /** Connections held at once; past it the upgrade is refused with 503. */
  maxConnections: number;
}

/**
 * Accepts widget WebSockets on the HTTP server's `upgrade` event (a `ws` server in noServer mode), after checking
 * the path, the Origin allow-list and that the gateway is not shutting down.
 */
export class WidgetSocketServer {
  private readonly wss: WebSocketServer;
  /** Each open socket's connection. */
  private readonly connections = new Map<WebSocket, WidgetConnection>();
  /** The sockets that answered the last ping (or opened since). */
  private readonly alive = new WeakSet<WebSocket>();
  private readonly pingTimer: ReturnType<typeof setInterval>;
  /**
   * The listeners of every socket, one set for all of them: Node calls each with the socket it listens on as
   * `this`, and the socket finds its connection. An idle connection holds no closures of its own.
   */
  private readonly listeners: {
    message(this: WebSocket, data: RawData, isBinary: boolean): void;
    error(this: WebSocket, error: Error): void;
    close(this: WebSocket): void;
    pong(this: WebSocket): void;
  };

  constructor(private readonly options: WidgetSocketServerOptions) {
    // Frames above maxFrameBytes get an error frame; far larger ones are not even buffered: ws closes with 1009.
    this.wss = new WebSocketServer({ noServer: true, maxPayload: options.limits.maxFrameBytes * 4 });
    this.pingTimer = setInterval(() => this.ping(), options.pingIntervalMs);
    this.pingTimer.unref();
    const { connections, alive } = this;
    this.listeners = {
      message(data, isBinary) {
        connections.get(this)?.received(data, isBinary);
      },
      error(error) {
        connections.get(this)?.failed(error);
      },
      close() {
        connections.get(this)?.closed();
        connections.delete(this);
      },
      pong() {
        alive.add(this);
      },
    };
  }

  /** Drops every socket that did not answer the last ping (a peer gone without closing), and pings the rest. */
  private ping(): void {
    for (const ws of this.wss.clients) {
      if (!this.alive.has(ws)) {
        ws.terminate();
        continue;
      }
      this.alive.delete(ws);
      ws.ping();
    }
  }

  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    // A client that resets during the handshake must not take the process down.
    socket.on('error', destroySocket);
    const path = new URL(request.url ?? '/', 'http://gateway').pathname;
    if (path !== WIDGET_SOCKET_PATH) return reject(socket, 404, 'Not Found');
    if (!isOriginAllowed(request.headers.origin, this.options.allowedOrigins)) return reject(socket, 403, 'Forbidden');
    if (!this.options.accepting()) return reject(socket, 503, 'Service Unavailable');
    if (this.wss.clients.size >= this.options.maxConnections) return reject(socket, 503, 'Service Unavailable');
    this.wss.handleUpgrade(request, socket, head, (ws) => {
      // ws handles the socket's errors from here on.
      socket.off('error', destroySocket);
      this.alive.add(ws);
      this.connections.set(ws, new WidgetConnection(ws, this.options, new FrameCoalescer(socket)));
      const { message, error, close, pong } = this.listeners;
      ws.on('message', message).on('error', error).on('close', close).on('pong', pong);
    });
  }

  /** Resolves once every open connection has handled the frames it received. */
  async drain(): Promise<void> {
    await Promise.all([...this.connections.values()].map((connection) => connection.idle()));
  }

  close(): Promise<void> {
    clearInterval(this.pingTimer);
    // Frames held for the end of this tick (a close frame with its reason, a last ack) go out first.
    for (const connection of this.connections.values()) connection.flushFrames();
    for (const client of this.wss.clients) client.terminate();
    return new Promise((resolve) => this.wss.close(() => resolve()));
  }
}

/** Shared by every socket being upgraded (Node calls it with the socket as `this`). */
function destroySocket(this: Duplex): void {
  this.destroy();
}

function reject(socket: Duplex, status: number, text: string): void {
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}
