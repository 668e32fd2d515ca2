import type { WireEvent } from '../../protocol/server-frames.js';
import { type AppendOptions, type EventLog, replayUnavailable } from '../event-log.js';
import { flatten } from './copy-json.js';
import { LeaseLostError } from '../lease-store.js';
import { ExpiringMap } from './expiring-map.js';

/**
 * An event as held: its JSON, written once on append and parsed on each read, so that callers never share
 * objects with the store (as with a store over the network) and a held event costs a string, not an object tree.
 */
interface HeldEvent {
  seq: number;
  json: string;
}

interface ChatLog {
  events: HeldEvent[];
  /** The seq of the newest event ever appended, kept when old ones are dropped. */
  lastSeq: number;
  /** The seq of the newest event dropped for the limit, 0 when none was. */
  droppedThrough: number;
}

function parseHeld(events: readonly HeldEvent[]): WireEvent[] {
  return events.map((event) => JSON.parse(event.json) as WireEvent);
}

export class MemoryEventLog implements EventLog {
  private readonly logs = new ExpiringMap<ChatLog>();

  /** `leaseHolder`: who holds a chat's lease now, for fenced appends. */
  constructor(private readonly leaseHolder: (chatId: string) => string | undefined = () => undefined) {}

  async append(event: WireEvent, limit: number, ttlMs: number, { json = JSON.stringify(event), owner }: AppendOptions = {}): Promise<void> {
    const holder = this.leaseHolder(event.chatId);
    if (owner !== undefined && holder !== undefined && holder !== owner) throw new LeaseLostError(event.chatId);
    const log = this.logs.get(event.chatId) ?? { events: [], lastSeq: 0, droppedThrough: 0 };
    if (event.seq > log.lastSeq) {
      log.events.push({ seq: event.seq, json: flatten(json) });
      log.lastSeq = event.seq;
      if (log.events.length > limit) log.droppedThrough = log.events.splice(0, log.events.length - limit).at(-1)?.seq ?? log.droppedThrough;
    }
    this.logs.set(event.chatId, log, ttlMs);
  }

  async readAfter(chatId: string, afterSeq: number): Promise<WireEvent[]> {
    const log = this.logs.get(chatId);
    if (!log) return [];
    if (afterSeq < log.droppedThrough) throw replayUnavailable(afterSeq, log.events[0]?.seq ?? log.lastSeq);
    return parseHeld(log.events.filter((event) => event.seq > afterSeq));
  }

  async readHeld(chatId: string): Promise<WireEvent[]> {
    return parseHeld(this.logs.get(chatId)?.events ?? []);
  }

  async lastSeq(chatId: string): Promise<number> {
    return this.logs.get(chatId)?.lastSeq ?? 0;
  }

  async delete(chatId: string): Promise<void> {
    this.logs.delete(chatId);
  }
}
