import {
  ErrorCode,
  formatZodIssues,
  openWebSocket,
  PendingRequests,
  randomId,
  safeParseWithMessages,
  ServiceDeskError,
  type WebSocketConstructor,
  type WebSocketLike,
  webSocketDataText,
} from '@byosd/core';
import type { ClientFrame } from '../protocol/client-frames.js';
import { KNOWN_SERVER_CLASSES, type ServerFrame, serverEnvelopeSchema, serverFrameSchema } from '../protocol/server-frames.js';
import { isErrorFrame, toServiceDeskError } from './genesys-error.js';

/** The tracingId Genesys's own SDKs use for the keep-alive echo; its answer is recognised and dropped. */
export const HEARTBEAT_TRACING_ID = 'SGVhbHRoQ2hlY2tNZXNzYWdlSWQ=';

/** A request frame before the connection adds its token and tracingId. */
export type GuestRequest = ClientFrame extends infer F ? (F extends ClientFrame ? Omit<F, 'token' | 'tracingId'> : never) : never;

export interface GuestConnectionEvents {
  /** A pushed frame (`type: "message"`), or an answer nobody waits for. */
  frame(frame: ServerFrame): void;
  /** A frame that breaks the protocol; the connection carries on. */
  malformed(reason: string): void;
  /** The socket closed without `close()` being called. */
  closed(): void;
}

export interface GuestConnectionOptions {
  url: string;
  token: string;
  WebSocket: WebSocketConstructor;
  requestTimeoutMs: number;
  heartbeatIntervalMs: number;
}

/**
 * One WebSocket to Genesys Web Messaging for one guest token: sends frames with a fresh tracingId, resolves each
 * request with the answer that echoes it (rejecting with a ServiceDeskError for error frames), keeps the
 * connection alive with `echo`, and hands every other frame to `events`.
 */
export class GuestConnection {
  private readonly requests: PendingRequests<ServerFrame>;
  private heartbeat: ReturnType<typeof setInterval> | undefined;
  private open = true;

  private constructor(
    private readonly socket: WebSocketLike,
    private readonly options: GuestConnectionOptions,
    private readonly events: GuestConnectionEvents,
  ) {
    this.requests = new PendingRequests(options.requestTimeoutMs);
    socket.addEventListener('message', (event) => this.receive(webSocketDataText(event.data)));
    socket.addEventListener('close', () => {
      if (!this.open) return;
      this.shutDown(new ServiceDeskError(ErrorCode.BACKEND_UNAVAILABLE, 'The connection to Genesys Cloud was lost'));
      events.closed();
    });
    this.heartbeat = setInterval(() => this.sendHeartbeat(), options.heartbeatIntervalMs);
  }

  static async open(options: GuestConnectionOptions, events: GuestConnectionEvents): Promise<GuestConnection> {
    try {
      return new GuestConnection(await openWebSocket(options.WebSocket, options.url), options, events);
    } catch (error) {
      throw new ServiceDeskError(ErrorCode.BACKEND_UNAVAILABLE, `Cannot reach Genesys Cloud: ${error instanceof Error ? error.message : String(error)}`, {
        cause: error,
      });
    }
  }

  get isOpen(): boolean {
    return this.open;
  }

  /** Sends `request` and resolves with its answer; rejects with the mapped error when Genesys refuses it. */
  async request(request: GuestRequest, what: string = request.action): Promise<ServerFrame> {
    if (!this.open) throw new ServiceDeskError(ErrorCode.BACKEND_UNAVAILABLE, 'Not connected to Genesys Cloud');
    const tracingId = randomId();
    const answer = this.requests.wait(tracingId, `Genesys Cloud ${what}`);
    this.socket.send(JSON.stringify({ ...request, token: this.options.token, tracingId }));
    const frame = await answer;
    if (isErrorFrame(frame)) throw toServiceDeskError(frame, what);
    return frame;
  }

  /** Closes the socket without reporting `closed`; requests in flight fail with `reason`. */
  close(reason: ServiceDeskError = new ServiceDeskError(ErrorCode.CHAT_ENDED, 'The chat has ended')): void {
    if (!this.open) return;
    this.shutDown(reason);
    this.socket.close(1000, 'chat closed');
  }

  private shutDown(reason: ServiceDeskError): void {
    this.open = false;
    clearInterval(this.heartbeat);
    this.requests.rejectAll(reason);
  }

  private sendHeartbeat(): void {
    if (!this.open) return;
    const frame = { action: 'echo', token: this.options.token, tracingId: HEARTBEAT_TRACING_ID, message: { type: 'Text', text: 'ping' } };
    this.socket.send(JSON.stringify(frame));
  }

  private receive(text: string): void {
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      return this.events.malformed('a frame that is not JSON');
    }
    const envelope = safeParseWithMessages(serverEnvelopeSchema, raw);
    if (!envelope.success) return this.events.malformed(formatZodIssues(envelope.error));
    if (!KNOWN_SERVER_CLASSES.has(envelope.data.class)) return; // Uploads, co-browse: not used by this adapter.
    const parsed = safeParseWithMessages(serverFrameSchema, raw);
    if (!parsed.success) return this.events.malformed(`${envelope.data.class}: ${formatZodIssues(parsed.error)}`);
    const frame = parsed.data;
    if (frame.tracingId === HEARTBEAT_TRACING_ID) return;
    // The guest's own message comes back as a `message` carrying the request's tracingId, other answers as `response`.
    if (frame.tracingId && this.requests.resolve(frame.tracingId, frame)) return;
    this.events.frame(frame);
  }
}
