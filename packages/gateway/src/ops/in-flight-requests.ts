import type { FastifyInstance } from 'fastify';

/**
 * Counts the HTTP requests being handled, so that shutdown can wait for them (a webhook half-processed would be
 * lost) without waiting for the widget sockets, which the HTTP server also counts as its connections.
 */
export class InFlightRequests {
  private count = 0;
  private readonly waiters: Array<() => void> = [];

  constructor(app: FastifyInstance) {
    // Callback-style hooks: they stay so when compiled, which Fastify checks by arity.
    app.addHook('onRequest', (_request, _reply, next) => {
      this.count += 1;
      next();
    });
    app.addHook('onResponse', (_request, _reply, next) => {
      this.done();
      next();
    });
    app.addHook('onRequestAbort', (_request, next) => {
      this.done();
      next();
    });
  }

  /** Resolves once no request is being handled. */
  idle(): Promise<void> {
    if (this.count === 0) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  private done(): void {
    this.count -= 1;
    if (this.count === 0) for (const wake of this.waiters.splice(0)) wake();
  }
}
