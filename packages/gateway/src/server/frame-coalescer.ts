import type { Duplex } from 'node:stream';

/**
 * Coalesces the frames one turn of the event loop sends to a socket into one write: the first frame corks the
 * socket, and it is uncorked once the turn is over (setImmediate), so that an ack and the events that the same
 * backend reply caused leave in one `writev` instead of a syscall each. Its methods live on the prototype: a
 * gateway holds one per widget connection, and an idle one holds no closures.
 */
export class FrameCoalescer {
  private corked = false;

  constructor(private readonly socket: Duplex) {}

  /** Call before each send. */
  hold(): void {
    if (this.corked) return;
    this.corked = true;
    this.socket.cork();
    setImmediate(flushCoalescer, this);
  }

  /** Writes what is held now: before the socket is destroyed, which would drop it. */
  flush(): void {
    if (!this.corked) return;
    this.corked = false;
    this.socket.uncork();
  }
}

function flushCoalescer(coalescer: FrameCoalescer): void {
  coalescer.flush();
}
