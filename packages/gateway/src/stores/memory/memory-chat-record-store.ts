import { flatJson } from './copy-json.js';
import { applyChange, type ChatRecord, type ChatRecordStore } from '../chat-record-store.js';
import { LeaseLostError } from '../lease-store.js';
import { ExpiringMap } from './expiring-map.js';

/**
 * Records held as their JSON text: a copy for every reader (callers never share objects with the store, as with a
 * store over the network), and a chat's record costs one string, not an object tree.
 */
export class MemoryChatRecordStore implements ChatRecordStore {
  private readonly records = new ExpiringMap<string>();

  /** `leaseHolder`: who holds a chat's lease now, for fenced updates. */
  constructor(private readonly leaseHolder: (chatId: string) => string | undefined = () => undefined) {}

  async create(record: ChatRecord, ttlMs: number): Promise<boolean> {
    if (this.records.get(record.chatId) !== undefined) return false;
    this.records.set(record.chatId, flatJson(record), ttlMs);
    return true;
  }

  async get(chatId: string): Promise<ChatRecord | undefined> {
    const json = this.records.get(chatId);
    return json === undefined ? undefined : (JSON.parse(json) as ChatRecord);
  }

  async update(chatId: string, change: Pick<ChatRecord, 'persisted' | 'endedAt'>, ttlMs: number, owner?: string): Promise<boolean> {
    const holder = this.leaseHolder(chatId);
    if (owner !== undefined && holder !== undefined && holder !== owner) throw new LeaseLostError(chatId);
    const record = await this.get(chatId);
    if (!record) return false;
    this.records.set(chatId, flatJson(applyChange(record, change)), ttlMs);
    return true;
  }

  async delete(chatId: string): Promise<void> {
    this.records.delete(chatId);
  }
}
