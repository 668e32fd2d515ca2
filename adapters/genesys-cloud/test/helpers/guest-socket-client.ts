import { withTimeout } from '@byosd/core';
import { WebSocket } from 'ws';

type Frame = Record<string, unknown>;

/**
 * A bare guest WebSocket for protocol tests: sends frames as given and waits (with a bound) for the frames the
 * simulator answers, the way a third-party client would see them.
 */
export class GuestSocketClient {
  private readonly received: Frame[] = [];
  private readonly waiters = new Set<() => void>();

  private constructor(private readonly socket: WebSocket) {
    socket.on('message', (data) => {
      this.received.push(JSON.parse(String(data)) as Frame);
      for (const wake of this.waiters) wake();
    });
    socket.on('close', () => {
      for (const wake of this.waiters) wake();
    });
  }

  static open(url: string): Promise<GuestSocketClient> {
    const socket = new WebSocket(url);
    return withTimeout(
      new Promise<GuestSocketClient>((resolve, reject) => {
        socket.once('open', () => resolve(new GuestSocketClient(socket)));
        socket.once('error', reject);
      }),
      3000,
      `opening ${url}`,
    );
  }

  send(frame: Frame): void {
    this.socket.send(JSON.stringify(frame));
  }

  /** Sends `frame` and waits for the answer that echoes its tracingId. */
  request(frame: Frame): Promise<Frame> {
    this.send(frame);
    return this.next((answer) => answer['tracingId'] === frame['tracingId'], `the answer to ${String(frame['action'])}`);
  }

  /** The first frame received (now or later) that matches; each frame is handed out once. */
  next(matches: (frame: Frame) => boolean, what: string): Promise<Frame> {
    const take = (): Frame | undefined => {
      const index = this.received.findIndex(matches);
      return index === -1 ? undefined : this.received.splice(index, 1)[0];
    };
    const found = take();
    if (found) return Promise.resolve(found);
    let wake: () => void = () => undefined;
    const waiting = new Promise<Frame>((resolve) => {
      // Takes one frame only: frames arriving before this waiter is removed are left for the next call.
      wake = () => {
        const frame = take();
        if (!frame) return;
        this.waiters.delete(wake);
        resolve(frame);
      };
      this.waiters.add(wake);
    });
    return withTimeout(waiting, 3000, what).finally(() => this.waiters.delete(wake));
  }

  /** Resolves when the server has closed the socket. */
  closed(): Promise<void> {
    if (this.socket.readyState === WebSocket.CLOSED) return Promise.resolve();
    return withTimeout(new Promise<void>((resolve) => this.socket.once('close', () => resolve())), 3000, 'the socket to close');
  }

  close(): void {
    this.socket.close();
  }
}
