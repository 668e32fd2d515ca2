import { openWebSocket, type WebSocketConstructor, webSocketDataText } from '@byosd/core';
import type { ClientFrame } from '../protocol/desk-protocol.js';
import type { ExampleDesk } from '../desk/example-desk.js';

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
  let open = true;
  const connection = desk.connect({
    send: (frame) => {
      const copy: unknown = JSON.parse(JSON.stringify(frame));
      queueMicrotask(() => {
        if (open) events.frame(copy);
      });
    },
    close: () => {
      if (!open) return;
      open = false;
      queueMicrotask(() => events.closed());
    },
  });
  return {
    send: (frame) => {
      if (!open) throw new Error('The connection to the example desk is closed');
      const copy: unknown = JSON.parse(JSON.stringify(frame));
      queueMicrotask(() => connection.receive(copy));
    },
    close: () => {
      if (!open) return;
      open = false;
      connection.disconnected();
    },
  };
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
