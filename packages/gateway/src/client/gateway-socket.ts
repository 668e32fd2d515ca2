import {
  ErrorCode,
  formatZodIssues,
  type JsonObject,
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
import { serverFrameSchema, type WireEvent } from '../protocol/server-frames.js';
import { fromWireError } from '../protocol/wire-error.js';

/** A client frame before the socket gives it its id. */
export type OutgoingFrame = ClientFrame extends infer F ? (F extends ClientFrame ? Omit<F, 'id'> : never) : never;

/** What a {@link GatewaySocket} reports. */
export interface GatewaySocketEvents {
  /** A chat event arrived. */
  event(event: WireEvent): void;
  /** The gateway closed the connection, or it dropped (not called after `close()`). */
  closed(code: number, reason: string): void;
  /** The gateway sent something that does not follow the protocol. */
  protocolError(detail: string): void;
}

type Reply = { ok: true; result: JsonObject } | { ok: false; error: ServiceDeskError };

/**
 * One WebSocket to the gateway: sends frames with fresh ids and matches each `ack`, `nack` or `error` to the
 * frame it answers; hands every parsed event on. Browser-safe.
 */
export class GatewaySocket {
  private readonly requests: PendingRequests<Reply>;
  private open = true;

  private constructor(
    private readonly socket: WebSocketLike,
    private readonly handlers: GatewaySocketEvents,
    timeoutMs: number,
  ) {
    this.requests = new PendingRequests(timeoutMs);
    socket.addEventListener('message', (message) => this.receive(message.data));
    socket.addEventListener('close', (event) => {
      if (!this.open) return;
      this.open = false;
      this.requests.rejectAll(new ServiceDeskError(ErrorCode.BACKEND_UNAVAILABLE, `The connection to the gateway closed (${event.code})`));
      handlers.closed(event.code, event.reason);
    });
  }

  /** Opens a socket to the gateway (BACKEND_UNAVAILABLE when it cannot); `timeoutMs` bounds each request's wait for its answer. */
  static async connect(WebSocketImpl: WebSocketConstructor, url: string, handlers: GatewaySocketEvents, timeoutMs: number): Promise<GatewaySocket> {
    try {
      return new GatewaySocket(await openWebSocket(WebSocketImpl, url), handlers, timeoutMs);
    } catch (error) {
      throw new ServiceDeskError(ErrorCode.BACKEND_UNAVAILABLE, `Cannot reach the gateway: ${error instanceof Error ? error.message : String(error)}`, {
        cause: error,
      });
    }
  }

  /** Sends a frame and resolves with the ack's result; rejects with the nack's (or error frame's) error. */
  async request(frame: OutgoingFrame): Promise<JsonObject> {
    if (!this.open) throw new ServiceDeskError(ErrorCode.BACKEND_UNAVAILABLE, 'Not connected to the gateway');
    const id = randomId();
    const reply = this.requests.wait(id, `Gateway ${frame.type}`);
    this.socket.send(JSON.stringify({ ...frame, id }));
    const answer = await reply;
    if (!answer.ok) throw answer.error;
    return answer.result;
  }

  /** Closes without reporting `closed`; frames in flight fail. */
  close(): void {
    if (!this.open) return;
    this.open = false;
    this.requests.rejectAll(new ServiceDeskError(ErrorCode.CHAT_ENDED, 'The connection to the gateway was closed'));
    this.socket.close(1000, 'done');
  }

  private receive(data: unknown): void {
    let raw: unknown;
    try {
      raw = JSON.parse(webSocketDataText(data));
    } catch {
      return this.handlers.protocolError('The gateway sent a frame that is not JSON');
    }
    const parsed = safeParseWithMessages(serverFrameSchema, raw);
    if (!parsed.success) return this.handlers.protocolError(`The gateway sent a malformed frame: ${formatZodIssues(parsed.error)}`);
    const frame = parsed.data;
    switch (frame.type) {
      case 'event':
        return this.handlers.event(frame.event);
      case 'ack':
        this.requests.resolve(frame.id, { ok: true, result: frame.result ?? {} });
        return;
      case 'nack':
        this.requests.resolve(frame.id, { ok: false, error: fromWireError(frame.error) });
        return;
      case 'error':
        if (frame.id === undefined || !this.requests.resolve(frame.id, { ok: false, error: fromWireError(frame.error) })) {
          this.handlers.protocolError(`The gateway refused a frame: ${frame.error.code}: ${frame.error.message}`);
        }
    }
  }
}
