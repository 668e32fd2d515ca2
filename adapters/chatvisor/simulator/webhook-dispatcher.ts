import { createHmac } from 'node:crypto';
import { createFaultyDelivery, type FaultInjector, type FaultyDelivery, type RequestRecorder } from '@byosd/simulators';
import type { WebhookEvent } from '../protocol/index.js';

/** What Settings > API > WebHooks holds: one URL per event (an event without one is not delivered). */
export interface WebhookSettings {
  urls: Partial<Record<WebhookEvent, string>>;
  /** The key of the last message's text: `test`, as Chatvisor's docs spell it, or `text`. Default `test`. */
  lastMessageKey?: 'test' | 'text';
  /**
   * Not a Chatvisor feature: Chatvisor signs nothing. Stands in for a signing relay in front of the adapter, so that
   * the adapter's optional HMAC check can be tested: the header carries `sha256=<hex HMAC-SHA256 of the body>`.
   */
  signing?: { secret: string; header: string };
}

export interface WebhookDelivery {
  event: WebhookEvent;
  body: Record<string, unknown>;
}

/**
 * Delivers webhooks as Chatvisor does: a JSON POST to the event's URL, with no signature and no documented retry
 * (a failed delivery is lost). Deliveries of one conversation go out one after the other; the kit's seeded faults
 * delay, duplicate and reorder them, and `failureRate` loses a share of them.
 */
export class WebhookDispatcher {
  private settings: WebhookSettings = { urls: {} };
  private failureRate = 0;
  private readonly channels = new Map<string, { delivery: FaultyDelivery<WebhookDelivery>; queue: Promise<void> }>();
  private stopped = false;
  /** Deliveries lost to `failureRate` or to a refusing receiver. */
  lost = 0;

  constructor(
    private readonly faults: FaultInjector,
    private readonly recorder: RequestRecorder,
  ) {}

  configure(settings: WebhookSettings): void {
    this.settings = settings;
  }

  get configuration(): WebhookSettings {
    return this.settings;
  }

  /** The share of deliveries that fail (0 to 1); 1 is an outage. */
  setFailureRate(rate: number): void {
    this.failureRate = Math.min(1, Math.max(0, rate));
  }

  /** Hands a webhook to its conversation's delivery channel. */
  dispatch(customerId: string, event: WebhookEvent, body: Record<string, unknown>): void {
    if (this.stopped || !this.settings.urls[event]) return;
    this.channel(customerId).delivery.event({ event, body });
  }

  /** The documented body, with the last message's text under the configured key. */
  body(fields: { customerId: string; status: string; lastMessage: string | null; url: string }): Record<string, unknown> {
    const key = this.settings.lastMessageKey ?? 'test';
    return {
      customerId: fields.customerId,
      status: fields.status,
      lastMessage: fields.lastMessage === null ? null : { [key]: fields.lastMessage },
      url: fields.url,
    };
  }

  reset(): void {
    for (const channel of this.channels.values()) channel.delivery.close();
    this.channels.clear();
    this.settings = { urls: {} };
    this.failureRate = 0;
    this.lost = 0;
  }

  stop(): void {
    this.stopped = true;
    this.reset();
  }

  private channel(customerId: string) {
    let channel = this.channels.get(customerId);
    if (!channel) {
      const created: { delivery: FaultyDelivery<WebhookDelivery>; queue: Promise<void> } = {
        queue: Promise.resolve(),
        delivery: createFaultyDelivery<WebhookDelivery>((delivery) => {
          created.queue = created.queue.then(() => this.deliver(delivery));
        }, this.faults),
      };
      this.channels.set(customerId, (channel = created));
    }
    return channel;
  }

  private async deliver({ event, body }: WebhookDelivery): Promise<void> {
    const url = this.settings.urls[event];
    if (!url || this.stopped) return;
    if (this.faults.chance(this.failureRate)) {
      this.lost += 1;
      return;
    }
    const text = JSON.stringify(body);
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    const signing = this.settings.signing;
    if (signing) headers[signing.header.toLowerCase()] = `sha256=${createHmac('sha256', signing.secret).update(text).digest('hex')}`;
    this.recorder.record({ transport: 'http', direction: 'out', method: 'POST', path: url, body });
    const status = await fetch(url, { method: 'POST', headers, body: text }).then(
      (response) => response.status,
      () => 0,
    );
    if (status === 0 || status >= 300) this.lost += 1;
  }
}
