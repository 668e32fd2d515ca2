import { ERROR_CODES } from '@byosd/core';
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

/** The label of every adapter name this gateway does not offer (client-typed names never become label values). */
export const UNKNOWN_ADAPTER_LABEL = 'unknown';

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

  private readonly adapterNames: ReadonlySet<string>;
  private readonly errorCodes: ReadonlySet<string> = new Set(ERROR_CODES);

  /**
   * `adapterNames`: the adapters this gateway offers, the only values the `adapter` label takes; any other name
   * (a client may type anything) counts under `unknown`, so that the number of series stays bounded.
   */
  constructor(adapterNames: readonly string[] = []) {
    this.adapterNames = new Set(adapterNames);
    // The registry holds the metric objects themselves (its type says only what they look like).
    for (const metric of processRegistry().getMetricsAsArray()) this.registry.registerMetric(metric as unknown as Metric);
  }

  relayed(direction: RelayDirection, adapter: string): void {
    this.messagesRelayed.inc({ direction, adapter: this.adapterLabel(adapter) });
  }

  adapterError(adapter: string, code: string): void {
    this.adapterErrors.inc({ adapter: this.adapterLabel(adapter), code: this.errorCodes.has(code) ? code : 'OTHER' });
  }

  webhookRejected(adapter: string): void {
    this.webhookRejections.inc({ adapter: this.adapterLabel(adapter) });
  }

  /** The label value for `adapter`: its name when this gateway offers it, else `unknown`. */
  adapterLabel(adapter: string): string {
    return this.adapterNames.has(adapter) ? adapter : UNKNOWN_ADAPTER_LABEL;
  }
}
