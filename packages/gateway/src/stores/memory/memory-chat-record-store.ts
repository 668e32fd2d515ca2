import { copyJson } from './copy-json.js';
import { applyChange, type ChatRecord, type ChatRecordStore } from '../chat-record-store.js';
import { LeaseLostError } from '../lease-store.js';
import { ExpiringMap } from './expiring-map.js';

export class MemoryChatRecordStore implements ChatRecordStore {
  private readonly records = new ExpiringMap<ChatRecord>();

  /** `leaseHolder`: who holds a chat's lease now, for fenced updates. */
  constructor(private readonly leaseHolder: (chatId: string) => string | undefined = () => undefined) {}

  async create(record: ChatRecord, ttlMs: number): Promise<boolean> {
    if (this.records.get(record.chatId)) return false;
    this.records.set(record.chatId, copyJson(record), ttlMs);
    return true;
  }

  async get(chatId: string): Promise<ChatRecord | undefined> {
    const record = this.records.get(chatId);
    return record && copyJson(record);
  }

  async update(chatId: string, change: Pick<ChatRecord, 'persisted' | 'endedAt'>, ttlMs: number, owner?: string): Promise<boolean> {
    const holder = this.leaseHolder(chatId);
    if (owner !== undefined && holder !== undefined && holder !== owner) throw new LeaseLostError(chatId);
    const record = this.records.get(chatId);
    if (!record) return false;
    this.records.set(chatId, copyJson(applyChange(record, change)), ttlMs);
    return true;
  }

  async delete(chatId: string): Promise<void> {
    this.records.delete(chatId);
  }
}
