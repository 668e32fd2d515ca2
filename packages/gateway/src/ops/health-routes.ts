import type { FastifyInstance } from 'fastify';
import type { GatewayMetrics } from './metrics.js';

export interface HealthChecks {
  /** False once shutdown began: the load balancer should send nothing new. */
  ready(): boolean;
  /** Whether the stores answer. */
  storesReachable(): Promise<boolean>;
  /** How long /readyz waits for `storesReachable` before it answers 503. */
  timeoutMs: number;
}

/** `/healthz` (the process runs), `/readyz` (send it traffic), `/metrics` (Prometheus). */
export function mountOperationsRoutes(app: FastifyInstance, checks: HealthChecks, metrics: GatewayMetrics): void {
  app.get('/healthz', async () => ({ status: 'ok' }));

  app.get('/readyz', async (_request, reply) => {
    if (!checks.ready()) return reply.code(503).send({ status: 'shutting down' });
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timedOut = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), checks.timeoutMs)));
    const reachable = await Promise.race([checks.storesReachable().catch(() => false), timedOut]);
    clearTimeout(timer);
    if (!reachable) return reply.code(503).send({ status: 'stores unreachable' });
    return { status: 'ready' };
  });

  app.get('/metrics', async (_request, reply) => {
    const registry = await metrics.registry();
    reply.header('content-type', registry.contentType);
    return registry.metrics();
  });
}
