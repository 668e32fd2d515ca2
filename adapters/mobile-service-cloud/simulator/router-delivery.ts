import { randomUUID } from 'node:crypto';
import { createFaultyDelivery, type FaultInjector, type FaultyDelivery, type RequestRecorder } from '@byosd/simulators';
import type { TwoWayMessage } from '../protocol/index.js';
import type { MscConversation, MscOutbound } from './msc-backend.js';

const DELIVERY_ATTEMPTS = 3;

/** One delivery: the TwoWay body, and the chat whose queue it goes through. */
interface RouterFrame {
  chatId: string;
  body: unknown;
}

export interface ChannelEndpoint {
  /** The channel adapter's id at the router. */
  adapterId: string;
  /** MSC's adapter id: the sender of what the agent side says. */
  mscAdapterId: string;
  channel: string;
  productToken: string;
}

/**
 * The router's deliveries to the channel's message webhook: TwoWay messages, `X-Cm-Producttoken` set, numbered per
 * conversation (`Sequence`), retried (a few times, on a 5xx or a network error) until the webhook answers 201, subject to the seeded delivery faults.
 */
export class RouterDelivery {
  private webhookUrl: string | undefined;
  private readonly sequences = new Map<string, number>();
  private readonly delivery: FaultyDelivery<RouterFrame>;
  /** One delivery at a time per chat, in the order the faults let through (as the router delivers a chat in order). */
  private readonly chains = new Map<string, Promise<void>>();
  private stopped = false;

  constructor(
    private readonly endpoint: ChannelEndpoint,
    injector: FaultInjector,
    private readonly recorder: RequestRecorder,
  ) {
    this.delivery = createFaultyDelivery((frame: RouterFrame) => this.enqueue(frame), injector);
  }

  /** Where the channel's message webhook is, as an operator configures the channel adapter at the router. */
  configure(webhookUrl: string): void {
    this.webhookUrl = webhookUrl;
  }

  get configuredUrl(): string | undefined {
    return this.webhookUrl;
  }

  /** Delivers one message of the agent side; answers its TwoWay Id. */
  deliver(conversation: MscConversation, outbound: MscOutbound, endUser: string): string {
    // Numbered per MSC conversation: a later conversation of the same ChatId starts again at 1.
    const sequence = (this.sequences.get(conversation.id) ?? 0) + 1;
    this.sequences.set(conversation.id, sequence);
    const base = {
      Id: randomUUID(),
      ChatId: conversation.chatId,
      Channel: this.endpoint.channel,
      From: this.endpoint.mscAdapterId,
      To: endUser,
      Timestamp: new Date().toISOString(),
      Sequence: sequence,
    };
    const agent = (identity: { id: string; name: string } | undefined) => (identity ? { Agent: { Id: identity.id, Name: identity.name } } : {});
    const message: TwoWayMessage =
      outbound.type === 'text'
        ? { ...base, Type: 'text', Text: outbound.text, ...agent(outbound.agent) }
        : outbound.type === 'typing'
          ? { ...base, Type: 'typing', IsTyping: outbound.isTyping }
          : { ...base, Type: 'event', Event: outbound.event, ...agent(outbound.agent) };
    this.delivery.event({ chatId: conversation.chatId, body: message });
    return base.Id;
  }

  /** Something that breaks the TwoWay format, delivered with a valid token. */
  deliverMalformed(chatId: string): void {
    this.delivery.event({ chatId, body: { Id: 42, ChatId: chatId, Type: 'text' } });
  }

  private enqueue(frame: RouterFrame): void {
    const previous = this.chains.get(frame.chatId) ?? Promise.resolve();
    const next = previous.then(() => this.post(frame.body));
    this.chains.set(frame.chatId, next);
    void next.then(() => {
      if (this.chains.get(frame.chatId) === next) this.chains.delete(frame.chatId);
    });
  }

  private async post(body: unknown): Promise<void> {
    const url = this.webhookUrl;
    if (!url || this.stopped) return;
    for (let attempt = 1; attempt <= DELIVERY_ATTEMPTS && !this.stopped; attempt += 1) {
      try {
        const response = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-cm-producttoken': this.endpoint.productToken },
          body: JSON.stringify(body),
        });
        this.recorder.record({ transport: 'http', direction: 'out', method: 'POST', path: url, body });
        // 201 is the answer the router requires; a 4xx will not change on a retry.
        if (response.status === 201 || (response.status >= 400 && response.status < 500)) return;
      } catch {
        // The webhook is unreachable: try again, as the router does.
      }
      await new Promise((resolve) => setTimeout(resolve, 20 * attempt));
    }
  }

  reset(): void {
    this.sequences.clear();
    this.chains.clear();
    this.webhookUrl = undefined;
  }

  stop(): void {
    this.stopped = true;
    this.delivery.close();
  }
}
