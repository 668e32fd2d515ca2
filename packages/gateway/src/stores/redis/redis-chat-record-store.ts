import type { Redis } from 'ioredis';
import { applyChange, type ChatRecord, type ChatRecordStore } from '../chat-record-store.js';
import { chatRecordSchema } from './redis-schemas.js';
import type { RedisKeys } from './redis-keys.js';

export class RedisChatRecordStore implements ChatRecordStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
  ) {}

  async create(record: ChatRecord, ttlMs: number): Promise<boolean> {
    return (await this.redis.set(this.keys.chat(record.chatId), JSON.stringify(record), 'PX', ttlMs, 'NX')) === 'OK';
  }

  async get(chatId: string): Promise<ChatRecord | undefined> {
    const stored = await this.redis.get(this.keys.chat(chatId));
    return stored === null ? undefined : (chatRecordSchema.parse(JSON.parse(stored)) as ChatRecord);
  }

  /** Only the chat's owner writes its record, one change at a time, so read-then-write is safe here. */
  async update(chatId: string, change: Pick<ChatRecord, 'persisted' | 'endedAt'>, ttlMs: number): Promise<boolean> {
    const record = await this.get(chatId);
    if (!record) return false;
    return (await this.redis.set(this.keys.chat(chatId), JSON.stringify(applyChange(record, change)), 'PX', ttlMs, 'XX')) === 'OK';
  }

  async delete(chatId: string): Promise<void> {
    await this.redis.del(this.keys.chat(chatId));
  }
}
