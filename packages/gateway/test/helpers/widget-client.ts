import { WebSocket } from 'ws';
import type { ServerFrame, WireEvent } from '@byosd/gateway';

type Frame = ServerFrame;

/**
 * A raw widget-protocol client for tests: a real `ws` socket that records every frame and lets a test wait, with
 * a bound, for the frame it expects.
 */
export class WidgetClient {
  readonly frames: Frame[] = [];
  /** Every frame as the text that came over the wire. */
  readonly raw: string[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  private readonly waiters = new Set<() => void>();
  private nextId = 1;

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => {
      const text = data.toString();
      this.raw.push(text);
      this.frames.push(JSON.parse(text) as Frame);
      for (const wake of [...this.waiters]) wake();
    });
    this.closed = new Promise((resolve) => socket.on('close', (code, reason) => resolve({ code, reason: reason.toString() })));
  }

  static connect(url: string, headers: Record<string, string> = {}): Promise<WidgetClient> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url, { headers });
      socket.once('open', () => resolve(new WidgetClient(socket)));
      socket.once('unexpected-response', (_request, response) => reject(new Error(`upgrade refused: ${response.statusCode}`)));
      socket.once('error', reject);
    });
  }

  /** Sends a frame (an id is added when missing) and returns its id. */
  send(frame: Record<string, unknown>): string {
    const id = typeof frame['id'] === 'string' ? frame['id'] : `f${this.nextId++}`;
    this.socket.send(JSON.stringify({ ...frame, id }));
    return id;
  }

  sendRaw(text: string): void {
    this.socket.send(text);
  }

  /** Sends a frame and waits for the ack, nack or error frame that answers it. */
  async request(frame: Record<string, unknown>): Promise<Frame> {
    const id = this.send(frame);
    return this.waitFor((f) => (f.type === 'ack' || f.type === 'nack' || f.type === 'error') && f.id === id, `the answer to ${String(frame['type'])}`);
  }

  /** Sends a frame and returns the ack's result; fails the test on a nack. */
  async ok(frame: Record<string, unknown>): Promise<Record<string, unknown>> {
    const answer = await this.request(frame);
    if (answer.type !== 'ack') throw new Error(`${String(frame['type'])} was refused: ${JSON.stringify(answer)}`);
    return answer.result ?? {};
  }

  events(): WireEvent[] {
    return this.frames.flatMap((frame) => (frame.type === 'event' ? [frame.event] : []));
  }

  /** Waits for the first frame (already received or coming) that matches. */
  waitFor(predicate: (frame: Frame) => boolean, what: string, timeoutMs = 5000): Promise<Frame> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const found = this.frames.find(predicate);
        if (!found) return false;
        clearTimeout(timer);
        this.waiters.delete(wake);
        resolve(found);
        return true;
      };
      const wake = () => void check();
      const timer = setTimeout(() => {
        this.waiters.delete(wake);
        reject(new Error(`Waited ${timeoutMs} ms for ${what}; got ${JSON.stringify(this.frames.map((f) => (f.type === 'event' ? f.event.type : f.type)))}`));
      }, timeoutMs);
      if (!check()) this.waiters.add(wake);
    });
  }

  /** Waits for an event of `type` (optionally matching more). */
  async event<T extends WireEvent['type']>(
    type: T,
    what: string = type,
    match: (event: Extract<WireEvent, { type: T }>) => boolean = () => true,
  ): Promise<Extract<WireEvent, { type: T }>> {
    const frame = await this.waitFor((f) => f.type === 'event' && f.event.type === type && match(f.event as Extract<WireEvent, { type: T }>), what);
    return (frame as Extract<Frame, { type: 'event' }>).event as Extract<WireEvent, { type: T }>;
  }

  close(): Promise<{ code: number; reason: string }> {
    this.socket.close();
    return this.closed;
  }
}
