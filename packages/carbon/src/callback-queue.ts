/**
 * Runs Carbon's callbacks one after the other. byosd's events arrive synchronously, in order; Carbon's callbacks
 * return Promises and do their work after awaits of their own (an agent's message waits for Carbon's event
 * listeners), so calling the next before the last settles could show a message before the "joined" line it
 * follows. A callback that fails is logged and the queue goes on.
 */
export class CallbackQueue {
  private tail: Promise<void> = Promise.resolve();

  /** Queues `call`; the returned Promise settles when it has run (never rejects). */
  run(what: string, call: () => Promise<unknown> | unknown): Promise<void> {
    this.tail = this.tail.then(async () => {
      try {
        await call();
      } catch (error) {
        console.warn(`byosd: Carbon's ${what} failed`, error);
      }
    });
    return this.tail;
  }

  /** Settles when every call queued so far has run. */
  idle(): Promise<void> {
    return this.tail;
  }
}
