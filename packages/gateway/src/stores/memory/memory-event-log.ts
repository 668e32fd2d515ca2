import type { WireEvent } from '../../protocol/server-frames.js';
import { type AppendOptions, type EventLog, replayUnavailable } from '../event-log.js';
import { flatten } from './copy-json.js';
import { LeaseLostError } from '../lease-store.js';
import { ExpiringMap } from './expiring-map.js';

/**
 * A chat's log: each event's seq and JSON text in turn, oldest first, in one array (`[seq, text, seq, text, …]`:
 * an idle chat holds one array with room to spare, not two). The JSON is written once on append and parsed on each
 * read, so that callers never share objects with the store (as with a store over the network) and a held event
 * costs a string, not an object tree nor an object of its own: a busy gateway holds up to `limit` events for each
 * of thousands of chats. The text leaves out the event's chatId, which is the log's own (see `withoutChatId`).
 */
interface ChatLog {
  entries: (number | string)[];
  /** The seq of the newest event ever appended, kept when old ones are dropped. */
  lastSeq: number;
  /** The seq of the newest event dropped for the limit, 0 when none was. */
  droppedThrough: number;
}

/** The events of `log` after `afterSeq`, parsed, oldest first. */
function parseAfter(chatId: string, log: ChatLog, afterSeq: number): WireEvent[] {
  const { entries } = log;
  let first = entries.length;
  while (first > 0 && (entries[first - 2] as number) > afterSeq) first -= 2;
  const events: WireEvent[] = [];
  for (let text = first + 1; text < entries.length; text += 2) events.push({ ...(JSON.parse(entries[text] as string) as WireEvent), chatId });
  return events;
}

/**
 * `json` without its top-level `"chatId"` member, which every event of a chat's log repeats (48 of the 150 to 300
 * characters of a typical event). The gateway's wire events end with chatId, seq and at, in that order; the member
 * is cut only when followed by exactly those last two and the end, so a chatId nested in the event is never touched,
 * and an event written in another order is held whole.
 */
function withoutChatId(json: string, chatId: string): string {
  const member = `,"chatId":${JSON.stringify(chatId)}`;
  const at = json.lastIndexOf(member);
  if (at === -1 || !EVENT_TAIL.test(json.slice(at + member.length))) return json;
  return json.slice(0, at) + json.slice(at + member.length);
}

/** What follows the top-level chatId in a wire event's JSON. */
const EVENT_TAIL = /^,"seq":\d+,"at":\d+\}$/;

export class MemoryEventLog implements EventLog {
  private readonly logs = new ExpiringMap<ChatLog>();

  /** `leaseHolder`: who holds a chat's lease now, for fenced appends. */
  constructor(private readonly leaseHolder: (chatId: string) => string | undefined = () => undefined) {}

  async append(event: WireEvent, limit: number, ttlMs: number, { json = JSON.stringify(event), owner }: AppendOptions = {}): Promise<void> {
    const holder = this.leaseHolder(event.chatId);
    if (owner !== undefined && holder !== undefined && holder !== owner) throw new LeaseLostError(event.chatId);
    const log = this.logs.get(event.chatId) ?? { entries: [], lastSeq: 0, droppedThrough: 0 };
    if (event.seq > log.lastSeq) {
      log.entries.push(event.seq, flatten(withoutChatId(json, event.chatId)));
      log.lastSeq = event.seq;
      const excess = log.entries.length / 2 - limit;
      if (excess > 0) log.droppedThrough = log.entries.splice(0, 2 * excess).at(-2) as number;
    }
    this.logs.set(event.chatId, log, ttlMs);
  }

  async readAfter(chatId: string, afterSeq: number): Promise<WireEvent[]> {
    const log = this.logs.get(chatId);
    if (!log) return [];
    if (afterSeq < log.droppedThrough) throw replayUnavailable(afterSeq, (log.entries[0] as number | undefined) ?? log.lastSeq);
    return parseAfter(chatId, log, afterSeq);
  }

  async readHeld(chatId: string): Promise<WireEvent[]> {
    const log = this.logs.get(chatId);
    return log ? parseAfter(chatId, log, 0) : [];
  }

  async lastSeq(chatId: string): Promise<number> {
    return this.logs.get(chatId)?.lastSeq ?? 0;
  }

  async delete(chatId: string): Promise<void> {
    this.logs.delete(chatId);
  }
}
