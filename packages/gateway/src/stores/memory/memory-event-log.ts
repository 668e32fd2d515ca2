import { copyJson } from './copy-json.js';
import type { WireEvent } from '../../protocol/server-frames.js';
import { type EventLog, replayUnavailable } from '../event-log.js';
import { ExpiringMap } from './expiring-map.js';

interface ChatLog {
  events: WireEvent[];
  /** The seq of the newest event ever appended, kept when old ones are dropped. */
  lastSeq: number;
  /** The seq of the newest event dropped for the limit, 0 when none was. */
  droppedThrough: number;
}

export class MemoryEventLog implements EventLog {
  private readonly logs = new ExpiringMap<ChatLog>();

  async append(event: WireEvent, limit: number, ttlMs: number): Promise<void> {
    const log = this.logs.get(event.chatId) ?? { events: [], lastSeq: 0, droppedThrough: 0 };
    if (event.seq > log.lastSeq) {
      log.events.push(copyJson(event));
      log.lastSeq = event.seq;
      const dropped = log.events.splice(0, Math.max(0, log.events.length - limit));
      log.droppedThrough = dropped.at(-1)?.seq ?? log.droppedThrough;
    }
    this.logs.set(event.chatId, log, ttlMs);
  }

  async readAfter(chatId: string, afterSeq: number): Promise<WireEvent[]> {
    const log = this.logs.get(chatId);
    if (!log) return [];
    if (afterSeq < log.droppedThrough) throw replayUnavailable(afterSeq, log.events[0]?.seq ?? log.lastSeq);
    return copyJson(log.events.filter((event) => event.seq > afterSeq));
  }

  async readHeld(chatId: string): Promise<WireEvent[]> {
    return copyJson(this.logs.get(chatId)?.events ?? []);
  }

  async lastSeq(chatId: string): Promise<number> {
    return this.logs.get(chatId)?.lastSeq ?? 0;
  }

  async delete(chatId: string): Promise<void> {
    this.logs.delete(chatId);
  }
}
