import type { WireEvent } from '../../protocol/server-frames.js';
import { type AppendOptions, type EventLog, replayUnavailable } from '../event-log.js';
import { flatten } from './copy-json.js';
import { LeaseLostError } from '../lease-store.js';
import { ExpiringMap } from './expiring-map.js';

/**
 * A chat's log: each event's seq and its JSON, in two parallel arrays (oldest first). The JSON is written once on
 * append and parsed on each read, so that callers never share objects with the store (as with a store over the
 * network) and a held event costs a string, not an object tree nor an object of its own: a busy gateway holds up
 * to `limit` events for each of thousands of chats.
 */
interface ChatLog {
  seqs: number[];
  texts: string[];
  /** The seq of the newest event ever appended, kept when old ones are dropped. */
  lastSeq: number;
  /** The seq of the newest event dropped for the limit, 0 when none was. */
  droppedThrough: number;
}

/** The events of `log` after `afterSeq`, parsed, oldest first. */
function parseAfter(log: ChatLog, afterSeq: number): WireEvent[] {
  let first = log.seqs.length;
  while (first > 0 && (log.seqs[first - 1] as number) > afterSeq) first -= 1;
  return log.texts.slice(first).map((text) => JSON.parse(text) as WireEvent);
}

export class MemoryEventLog implements EventLog {
  private readonly logs = new ExpiringMap<ChatLog>();

  /** `leaseHolder`: who holds a chat's lease now, for fenced appends. */
  constructor(private readonly leaseHolder: (chatId: string) => string | undefined = () => undefined) {}

  async append(event: WireEvent, limit: number, ttlMs: number, { json = JSON.stringify(event), owner }: AppendOptions = {}): Promise<void> {
    const holder = this.leaseHolder(event.chatId);
    if (owner !== undefined && holder !== undefined && holder !== owner) throw new LeaseLostError(event.chatId);
    const log = this.logs.get(event.chatId) ?? { seqs: [], texts: [], lastSeq: 0, droppedThrough: 0 };
    if (event.seq > log.lastSeq) {
      log.seqs.push(event.seq);
      log.texts.push(flatten(json));
      log.lastSeq = event.seq;
      if (log.seqs.length > limit) {
        const excess = log.seqs.length - limit;
        log.texts.splice(0, excess);
        log.droppedThrough = log.seqs.splice(0, excess).at(-1) ?? log.droppedThrough;
      }
    }
    this.logs.set(event.chatId, log, ttlMs);
  }

  async readAfter(chatId: string, afterSeq: number): Promise<WireEvent[]> {
    const log = this.logs.get(chatId);
    if (!log) return [];
    if (afterSeq < log.droppedThrough) throw replayUnavailable(afterSeq, log.seqs[0] ?? log.lastSeq);
    return parseAfter(log, afterSeq);
  }

  async readHeld(chatId: string): Promise<WireEvent[]> {
    const log = this.logs.get(chatId);
    return log ? parseAfter(log, 0) : [];
  }

  async lastSeq(chatId: string): Promise<number> {
    return this.logs.get(chatId)?.lastSeq ?? 0;
  }

  async delete(chatId: string): Promise<void> {
    this.logs.delete(chatId);
  }
}
