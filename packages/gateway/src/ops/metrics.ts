import { ERROR_CODES } from '@byosd/core';
import type * as PromClientModule from 'prom-client';
import type { Metric, Registry } from 'prom-client';

type PromClient = typeof PromClientModule;

/**
 * Node's default metrics, collected once per process. Collecting them sets up a GC observer and an event-loop delay
 * monitor that are never stopped, so each gateway collecting its own would leave two behind (a process that starts
 * many gateways, as tests and conformance runs do, would pay for all of them at every GC and loop turn).
 */
let processMetrics: Registry | undefined;
function processRegistry(prom: PromClient): Registry {
  if (!processMetrics) {
    processMetrics = new prom.Registry();
    prom.collectDefaultMetrics({ register: processMetrics });
  }
  return processMetrics;
}

/** The label of every adapter name this gateway does not offer (client-typed names never become label values). */
export const UNKNOWN_ADAPTER_LABEL = 'unknown';

/** Which way a relayed message went. */
export type RelayDirection = 'to-agent' | 'to-user';

/** Counts by label values, the values joined into one key (label values here never hold a newline). */
class LabelledCounts<Labels extends readonly string[]> {
  private readonly counts = new Map<string, number>();

  add(...labels: Labels): void {
    const key = labels.join('\n');
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }

  *entries(): Iterable<[Labels, number]> {
    for (const [key, count] of this.counts) yield [key.split('\n') as unknown as Labels, count];
  }
}

/**
 * The gateway's Prometheus metrics, on a registry of its own (several gateways may share a process in tests).
 * Node's default metrics come along, event-loop lag among them (`nodejs_eventloop_lag_seconds`), shared by every
 * gateway of the process.
 *
 * The relay counts in plain numbers, and prom-client is loaded at the first scrape, which reads them: loading it
 * took a tenth of the gateway's start-up, and a labelled prom-client counter hashes its labels on every message.
 * Node's default metrics (GC durations, event-loop lag) therefore start at the first scrape.
 */
export class GatewayMetrics {
  private activeChatCount = 0;
  private readonly relayedCounts = new LabelledCounts<[direction: RelayDirection, adapter: string]>();
  private readonly webhookRejectionCounts = new LabelledCounts<[adapter: string]>();
  private readonly adapterErrorCounts = new LabelledCounts<[adapter: string, code: string]>();
  private registryMade: Promise<Registry> | undefined;

  private readonly adapterNames: ReadonlySet<string>;
  private readonly errorCodes: ReadonlySet<string> = new Set(ERROR_CODES);

  /**
   * `adapterNames`: the adapters this gateway offers, the only values the `adapter` label takes; any other name
   * (a client may type anything) counts under `unknown`, so that the number of series stays bounded.
   */
  constructor(adapterNames: readonly string[] = []) {
    this.adapterNames = new Set(adapterNames);
  }

  /** How many chats this instance hosts now. */
  setActiveChats(count: number): void {
    this.activeChatCount = count;
  }

  relayed(direction: RelayDirection, adapter: string): void {
    this.relayedCounts.add(direction, this.adapterLabel(adapter));
  }

  adapterError(adapter: string, code: string): void {
    this.adapterErrorCounts.add(this.adapterLabel(adapter), this.errorCodes.has(code) ? code : 'OTHER');
  }

  webhookRejected(adapter: string): void {
    this.webhookRejectionCounts.add(this.adapterLabel(adapter));
  }

  /** The label value for `adapter`: its name when this gateway offers it, else `unknown`. */
  adapterLabel(adapter: string): string {
    return this.adapterNames.has(adapter) ? adapter : UNKNOWN_ADAPTER_LABEL;
  }

  /** The Prometheus registry: this gateway's metrics, read from its counts at each scrape, and Node's defaults. */
  registry(): Promise<Registry> {
    this.registryMade ??= import('prom-client').then((prom) => this.makeRegistry(prom));
    return this.registryMade;
  }

  private makeRegistry(prom: PromClient): Registry {
    const registry = new prom.Registry();
    const registers = [registry];
    const activeChats = (): number => this.activeChatCount;
    new prom.Gauge({
      name: 'byosd_active_chats',
      help: 'Chats hosted by this instance',
      registers,
      collect() {
        this.set(activeChats());
      },
    });
    const counter = (name: string, help: string, labelNames: readonly string[], counts: LabelledCounts<readonly string[]>) =>
      new prom.Counter({
        name,
        help,
        labelNames,
        registers,
        collect() {
          this.reset();
          for (const [labels, count] of counts.entries()) {
            this.inc(Object.fromEntries(labelNames.map((label, index) => [label, labels[index]])), count);
          }
        },
      });
    counter('byosd_messages_relayed_total', 'Chat messages relayed, by direction and adapter', ['direction', 'adapter'], this.relayedCounts);
    counter(
      'byosd_webhook_rejections_total',
      'Webhook deliveries refused (failed signature or malformed), by adapter',
      ['adapter'],
      this.webhookRejectionCounts,
    );
    counter('byosd_adapter_errors_total', 'Errors from adapter calls, by adapter and error code', ['adapter', 'code'], this.adapterErrorCounts);
    // The registry holds the metric objects themselves (its type says only what they look like).
    for (const metric of processRegistry(prom).getMetricsAsArray()) registry.registerMetric(metric as unknown as Metric);
    return registry;
  }
}
