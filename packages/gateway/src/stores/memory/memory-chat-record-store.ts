import { flatJson } from './copy-json.js';
import type { ChatRecord, ChatRecordStore } from '../chat-record-store.js';
import { LeaseLostError } from '../lease-store.js';
import { ExpiringMap } from './expiring-map.js';

/**
 * A record as held: its JSON text, except the adapter's resume data, which is text of its own. The adapter writes
 * that data at every delivery; held apart, it is the only part serialized again, and the rest is not read back.
 */
interface HeldRecord {
  fields: string;
  persisted: string | undefined;
}

/**
 * Records held as JSON text: a copy for every reader (callers never share objects with the store, as with a store
 * over the network), and a chat's record costs two strings, not an object tree.
 */
export class MemoryChatRecordStore implements ChatRecordStore {
  private readonly records = new ExpiringMap<HeldRecord>();

  /** `leaseHolder`: who holds a chat's lease now, for fenced updates. */
  constructor(private readonly leaseHolder: (chatId: string) => string | undefined = () => undefined) {}

  async create(record: ChatRecord, ttlMs: number): Promise<boolean> {
    if (this.records.get(record.chatId) !== undefined) return false;
    this.records.set(record.chatId, held(record), ttlMs);
    return true;
  }

  async get(chatId: string): Promise<ChatRecord | undefined> {
    const record = this.records.get(chatId);
    if (record === undefined) return undefined;
    const fields = JSON.parse(record.fields) as ChatRecord;
    return record.persisted === undefined ? fields : { ...fields, persisted: JSON.parse(record.persisted) as ChatRecord['persisted'] };
  }

  async update(chatId: string, change: Pick<ChatRecord, 'persisted' | 'endedAt'>, ttlMs: number, owner?: string): Promise<boolean> {
    const holder = this.leaseHolder(chatId);
    if (owner !== undefined && holder !== undefined && holder !== owner) throw new LeaseLostError(chatId);
    const record = this.records.get(chatId);
    if (record === undefined) return false;
    const fields = change.endedAt === undefined ? record.fields : flatJson({ ...(JSON.parse(record.fields) as object), endedAt: change.endedAt });
    const persisted = change.persisted === undefined ? record.persisted : flatJson(change.persisted);
    this.records.set(chatId, { fields, persisted }, ttlMs);
    return true;
  }

  async delete(chatId: string): Promise<void> {
    this.records.delete(chatId);
  }
}

function held({ persisted, ...fields }: ChatRecord): HeldRecord {
  return { fields: flatJson(fields), persisted: persisted === undefined ? undefined : flatJson(persisted) };
}
