import { computeTwilioSignature } from '../protocol/twilio-signature.js';
import { createFaultyDelivery, type FaultInjector, type FaultyDelivery, type RequestRecorder } from '@byosd/simulators';
import type { WebhookFields } from './flex-backend.js';

/** Delivery attempts of one event: the first and Twilio-style retries after a failure. */
const ATTEMPTS = 3;
const RETRY_DELAY_MS = 50;

export interface WebhookConfiguration {
  /** The Post-Event URL (always POSTed to); nothing is delivered without one. */
  url?: string;
  /** The event types delivered; empty: every type. */
  filters: string[];
}

/**
 * Delivers Conversations webhooks as Twilio does: a form POST to the configured Post-Event URL, signed with
 * `X-Twilio-Signature` over that URL and the fields, retried when the delivery fails (network error or 5xx).
 * Deliveries of one conversation go out one after the other; the kit's seeded delivery faults duplicate and
 * reorder them.
 */
export class WebhookDispatcher {
  private configuration: WebhookConfiguration = { filters: [] };
  private readonly channels = new Map<string, { delivery: FaultyDelivery<WebhookFields>; queue: Promise<void> }>();
  private stopped = false;

  constructor(
    private readonly authToken: string,
    private readonly faults: FaultInjector,
    private readonly recorder: RequestRecorder,
  ) {}

  /** Changes what is given; undefined fields keep their value. */
  configure(changes: { url?: string | undefined; filters?: string[] | undefined }): void {
    this.configuration = { url: changes.url ?? this.configuration.url, filters: changes.filters ?? this.configuration.filters };
  }

  configurationJson(accountSid: string) {
    return {
      account_sid: accountSid,
      method: 'POST',
      filters: this.configuration.filters,
      pre_webhook_url: null,
      post_webhook_url: this.configuration.url ?? null,
      target: 'webhook',
    };
  }

  /** Hands an event to the conversation's delivery channel (subject to the configured filters). */
  dispatch(conversationSid: string, fields: WebhookFields): void {
    const { url, filters } = this.configuration;
    if (!url || this.stopped || (filters.length > 0 && !filters.includes(fields['EventType'] ?? ''))) return;
    this.channel(conversationSid).delivery.event(fields);
  }

  /** Forgets the configuration and drops what is still scheduled. */
  reset(): void {
    for (const channel of this.channels.values()) channel.delivery.close();
    this.channels.clear();
    this.configuration = { filters: [] };
  }

  stop(): void {
    this.stopped = true;
    this.reset();
  }

  private channel(conversationSid: string) {
    let channel = this.channels.get(conversationSid);
    if (!channel) {
      const created: { delivery: FaultyDelivery<WebhookFields>; queue: Promise<void> } = {
        queue: Promise.resolve(),
        delivery: createFaultyDelivery<WebhookFields>((fields) => {
          created.queue = created.queue.then(() => this.deliver(fields));
        }, this.faults),
      };
      this.channels.set(conversationSid, (channel = created));
    }
    return channel;
  }

  private async deliver(fields: WebhookFields): Promise<void> {
    const url = this.configuration.url;
    if (!url) return;
    const headers = { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': computeTwilioSignature(this.authToken, url, fields) };
    for (let attempt = 1; attempt <= ATTEMPTS && !this.stopped; attempt += 1) {
      this.recorder.record({ transport: 'http', direction: 'out', method: 'POST', path: url, body: fields });
      const status = await fetch(url, { method: 'POST', headers, body: new URLSearchParams(fields) }).then(
        (response) => response.status,
        () => 0,
      );
      if (status > 0 && status < 500 && status !== 429) return;
      await new Promise((resolve) => setTimeout(resolve, RETRY_DELAY_MS * attempt));
    }
  }
}
