import { openWebSocket, type WebSocketConstructor, webSocketDataText } from '@byosd/core';
import type { ClientFrame, ServerFrame } from '../protocol/desk-protocol.js';
import type { DeskClient, DeskConnection, ExampleDesk } from '../desk/example-desk.js';

/** What a transport tells the adapter. */
export interface TransportEvents {
  /** A frame arrived (not yet validated). */
  frame(raw: unknown): void;
  /** The connection closed without the adapter asking. */
  closed(): void;
}

/** A connection to an example desk, in-process or over a WebSocket. */
export interface DeskTransport {
  send(frame: ClientFrame): void;
  /** Closes without reporting `closed`. */
  close(): void;
}

/**
 * Connects to an in-process desk. Frames go through JSON and arrive on a later microtask, as they would over a
 * network, so the adapter is exercised as it is against a real connection.
 */
export function connectInProcess(desk: ExampleDesk, events: TransportEvents): DeskTransport {
  return new InProcessTransport(desk, events);
}

// Both ends are classes rather than closures: a gateway may hold thousands of idle chats on an in-process desk.

class InProcessTransport implements DeskTransport {
  open = true;
  private readonly connection: DeskConnection;

  constructor(
    desk: ExampleDesk,
    readonly events: TransportEvents,
  ) {
    this.connection = desk.connect(new DeskEnd(this));
  }

  send(frame: ClientFrame): void {
    if (!this.open) throw new Error('The connection to the example desk is closed');
    const copy: unknown = JSON.parse(JSON.stringify(frame));
    queueMicrotask(() => this.connection.receive(copy));
  }

  close(): void {
    if (!this.open) return;
    this.open = false;
    this.connection.disconnected();
  }
}

/** The desk's end of an in-process transport: what the desk sends arrives at the adapter. */
class DeskEnd implements DeskClient {
  constructor(private readonly transport: InProcessTransport) {}

  send(frame: ServerFrame): void {
    const copy: unknown = JSON.parse(JSON.stringify(frame));
    queueMicrotask(() => {
      if (this.transport.open) this.transport.events.frame(copy);
    });
  }

  close(): void {
    const transport = this.transport;
    if (!transport.open) return;
    transport.open = false;
    queueMicrotask(() => transport.events.closed());
  }
}

/** Connects to the example desk simulator over a WebSocket. */
export async function connectWebSocket(WebSocketImpl: WebSocketConstructor, url: string, events: TransportEvents): Promise<DeskTransport> {
  const socket = await openWebSocket(WebSocketImpl, url);
  let open = true;
  socket.addEventListener('message', (event) => {
    if (!open) return;
    try {
      events.frame(JSON.parse(webSocketDataText(event.data)));
    } catch {
      events.frame(undefined);
    }
  });
  socket.addEventListener('close', () => {
    if (!open) return;
    open = false;
    events.closed();
  });
  return {
    send: (frame) => {
      if (!open) throw new Error('The connection to the example desk is closed');
      socket.send(JSON.stringify(frame));
    },
    close: () => {
      if (!open) return;
      open = false;
      socket.close(1000, 'chat closed');
    },
  };
}
