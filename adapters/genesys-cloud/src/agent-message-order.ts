import type { StructuredMessage } from '../protocol/structured-message.js';

/** How many delivered message ids are remembered for deduplication. */
const REMEMBERED_IDS = 5000;

/** Where delivery stands: every message before `time` was delivered, and of those at `time`, the ones in `ids`. */
export type DeliveryCheckpoint = {
  time: string;
  ids: string[];
};

export interface AgentMessageOrderOptions {
  /** How long a message waits for earlier ones (by channel.time) that the network delivers late. */
  holdMs: number;
  deliver(message: StructuredMessage): void;
}

/**
 * Genesys documents no delivery order ("an asynchronous channel"); clients reorder by `channel.time`. This holds
 * each Outbound message for `holdMs`, releases them sorted by time, and drops any id it has delivered before, so
 * that live frames and a history fetch can overlap freely. A message later than the hold still goes out: late
 * beats lost.
 */
export class AgentMessageOrder {
  /** Delivered ids with their channel.time, oldest first. */
  private readonly delivered = new Map<string, string>();
  private readonly held = new Map<string, { message: StructuredMessage; releaseAt: number }>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private newestTime = '';
  /** After a restore: anything before this time was delivered by an earlier desk instance. */
  private floor = '';

  constructor(private readonly options: AgentMessageOrderOptions) {}

  get checkpoint(): DeliveryCheckpoint {
    const ids = [...this.delivered].filter(([, time]) => time === this.newestTime).map(([id]) => id);
    return { time: this.newestTime, ids };
  }

  restore(checkpoint: DeliveryCheckpoint): void {
    this.floor = checkpoint.time;
    this.newestTime = checkpoint.time;
    for (const id of checkpoint.ids) this.delivered.set(id, checkpoint.time);
  }

  add(message: StructuredMessage): void {
    if (this.delivered.has(message.id) || this.held.has(message.id) || timeOf(message) < this.floor) return;
    this.held.set(message.id, { message, releaseAt: Date.now() + this.options.holdMs });
    this.schedule();
  }

  /** Delivers everything held now, in order. */
  flush(): void {
    this.release(Number.POSITIVE_INFINITY);
  }

  stop(): void {
    clearTimeout(this.timer);
    this.held.clear();
  }

  private schedule(): void {
    clearTimeout(this.timer);
    if (this.held.size === 0) return;
    const next = Math.min(...[...this.held.values()].map((entry) => entry.releaseAt));
    this.timer = setTimeout(() => this.release(Date.now()), Math.max(0, next - Date.now()));
  }

  private release(now: number): void {
    const entries = [...this.held.values()];
    const latestDue = entries
      .filter((entry) => entry.releaseAt <= now)
      .map((entry) => timeOf(entry.message))
      .sort()
      .at(-1);
    if (latestDue !== undefined) {
      // A held message no later than a due one goes out with it, so that the order holds.
      const ready = entries.map((entry) => entry.message).filter((message) => timeOf(message) <= latestDue);
      ready.sort((a, b) => compare(timeOf(a), timeOf(b)));
      for (const message of ready) {
        this.held.delete(message.id);
        this.remember(message);
        this.options.deliver(message);
      }
    }
    this.schedule();
  }

  private remember(message: StructuredMessage): void {
    const time = timeOf(message);
    this.delivered.set(message.id, time);
    if (time > this.newestTime) this.newestTime = time;
    if (this.delivered.size > REMEMBERED_IDS) {
      const oldest = this.delivered.keys().next().value;
      if (oldest !== undefined) this.delivered.delete(oldest);
    }
  }
}

/** ISO-8601 UTC timestamps sort as strings; a message without one sorts first. */
function timeOf(message: StructuredMessage): string {
  return message.channel?.time ?? '';
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
