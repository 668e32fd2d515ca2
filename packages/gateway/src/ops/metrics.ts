import { collectDefaultMetrics, Counter, Gauge, type Metric, Registry } from 'prom-client';

/**
 * Node's default metrics, collected once per process. Collecting them sets up a GC observer and an event-loop delay
 * monitor that are never stopped, so each gateway collecting its own would leave two behind (a process that starts
 * many gateways, as tests and conformance runs do, would pay for all of them at every GC and loop turn).
 */
let processMetrics: Registry | undefined;
function processRegistry(): Registry {
  if (!processMetrics) {
    processMetrics = new Registry();
    collectDefaultMetrics({ register: processMetrics });
  }
  return processMetrics;
}

/** Which way a relayed message went. */
export type RelayDirection = 'to-agent' | 'to-user';

/**
 * The gateway's Prometheus metrics, on a registry of its own (several gateways may share a process in tests).
 * Node's default metrics come along, event-loop lag among them (`nodejs_eventloop_lag_seconds`), shared by every
 * gateway of the process.
 */
export class GatewayMetrics {
  readonly registry = new Registry();
  readonly activeChats = new Gauge({ name: 'byosd_active_chats', help: 'Chats hosted by this instance', registers: [this.registry] });
  readonly messagesRelayed = new Counter({
    name: 'byosd_messages_relayed_total',
    help: 'Chat messages relayed, by direction and adapter',
    labelNames: ['direction', 'adapter'] as const,
    registers: [this.registry],
  });
  readonly webhookRejections = new Counter({
    name: 'byosd_webhook_rejections_total',
    help: 'Webhook deliveries refused (failed signature or malformed), by adapter',
    labelNames: ['adapter'] as const,
    registers: [this.registry],
  });
  readonly adapterErrors = new Counter({
    name: 'byosd_adapter_errors_total',
    help: 'Errors from adapter calls, by adapter and error code',
    labelNames: ['adapter', 'code'] as const,
    registers: [this.registry],
  });

  constructor() {
    // The registry holds the metric objects themselves (its type says only what they look like).
    for (const metric of processRegistry().getMetricsAsArray()) this.registry.registerMetric(metric as unknown as Metric);
  }

  relayed(direction: RelayDirection, adapter: string): void {
    this.messagesRelayed.inc({ direction, adapter });
  }
}
