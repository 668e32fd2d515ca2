import { ErrorCode } from '../errors/error-codes.js';
import { ServiceDeskError } from '../errors/service-desk-error.js';

/**
 * Correlates requests sent over a socket with their replies by id, with a timeout, for protocols that answer
 * asynchronously (a `requestId`, Genesys's `tracingId`). `rejectAll` fails everything in flight when the
 * connection drops, so nobody waits forever.
 */
export class PendingRequests<Reply> {
  /** Only while requests wait: an idle chat's adapter holds no empty Map. */
  private pending: Map<string, { resolve: (reply: Reply) => void; reject: (error: unknown) => void; timer: ReturnType<typeof setTimeout> }> | undefined;

  constructor(private readonly timeoutMs: number) {}

  /** Waits for the reply to request `id`. */
  wait(id: string, what: string): Promise<Reply> {
    return new Promise<Reply>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.forget(id);
        reject(new ServiceDeskError(ErrorCode.TIMEOUT, `${what} got no reply within ${this.timeoutMs} ms`));
      }, this.timeoutMs);
      (this.pending ??= new Map()).set(id, { resolve, reject, timer });
    });
  }

  /** Settles request `id` with its reply; false when nobody waits for it (late, or unknown). */
  resolve(id: string, reply: Reply): boolean {
    const entry = this.pending?.get(id);
    if (!entry) return false;
    this.forget(id);
    clearTimeout(entry.timer);
    entry.resolve(reply);
    return true;
  }

  /** Rejects every pending request with `error` (the connection is gone). */
  rejectAll(error: unknown): void {
    const pending = this.pending;
    this.pending = undefined;
    for (const entry of pending?.values() ?? []) {
      clearTimeout(entry.timer);
      entry.reject(error);
    }
  }

  /** How many requests wait for an answer. */
  get size(): number {
    return this.pending?.size ?? 0;
  }

  private forget(id: string): void {
    this.pending?.delete(id);
    if (this.pending?.size === 0) this.pending = undefined;
  }
}
