/**
 * The part of the WebSocket API that adapters use: the browser's WebSocket and the `ws` package both have it.
 * Adapters take an optional WebSocket constructor in their options (to run under a proxy, or in tests) and fall
 * back to `defaultWebSocket()`.
 */
export interface WebSocketLike {
  readonly readyState: number;
  /** Sends a text frame. */
  send(data: string): void;
  /** Closes the socket. */
  close(code?: number, reason?: string): void;
  /** Listens to the socket (open, message, close, error). */
  addEventListener(type: 'open', listener: () => void): void;
  /** Listens to the socket (open, message, close, error). */
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
  /** Listens to the socket (open, message, close, error). */
  addEventListener(type: 'close', listener: (event: { code: number; reason: string }) => void): void;
  /** Listens to the socket (open, message, close, error). */
  addEventListener(type: 'error', listener: (event: unknown) => void): void;
}

/** A WebSocket class: the browser's, or `ws` in Node. */
export type WebSocketConstructor = new (url: string) => WebSocketLike;

/** A WebSocket's `readyState` while open. */
export const WEBSOCKET_OPEN = 1;

/** The platform's WebSocket: the global one (browsers, Node 22+), else the `ws` package (Node 20). */
export async function defaultWebSocket(): Promise<WebSocketConstructor> {
  const global = (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
  if (global) return global;
  // A variable specifier keeps bundlers from pulling `ws` into browser builds, where the global exists.
  const specifier = 'ws';
  const module = (await import(specifier)) as { WebSocket?: WebSocketConstructor; default?: WebSocketConstructor };
  const constructor = module.WebSocket ?? module.default;
  if (!constructor) throw new Error('No WebSocket implementation: install the "ws" package');
  return constructor;
}

/** Opens a socket and resolves once it is open; rejects when it fails to open. */
export function openWebSocket(WebSocketImpl: WebSocketConstructor, url: string): Promise<WebSocketLike> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocketImpl(url);
    let settled = false;
    socket.addEventListener('open', () => {
      settled = true;
      resolve(socket);
    });
    socket.addEventListener('error', (event) => {
      if (settled) return;
      settled = true;
      reject(new Error(`WebSocket to ${url} failed: ${describeError(event)}`));
    });
    socket.addEventListener('close', (event) => {
      if (settled) return;
      settled = true;
      reject(new Error(`WebSocket to ${url} closed before opening (${event.code})`));
    });
  });
}

function describeError(event: unknown): string {
  if (typeof event === 'object' && event !== null && 'message' in event) return String((event as { message: unknown }).message);
  return 'connection error';
}

/** The text of a message event's data (string, or bytes as UTF-8). */
export function webSocketDataText(data: unknown): string {
  if (typeof data === 'string') return data;
  if (data instanceof ArrayBuffer) return new TextDecoder().decode(data);
  if (ArrayBuffer.isView(data)) return new TextDecoder().decode(data);
  if (Array.isArray(data)) return data.map(webSocketDataText).join('');
  return String(data);
}
