import type { Redis } from 'ioredis';
import * as z from 'zod/mini';
import { applyChange, type ChatRecord, type ChatRecordStore } from '../chat-record-store.js';
import { LeaseLostError } from '../lease-store.js';
import { chatRecordSchema } from './redis-schemas.js';
import type { RedisKeys } from './redis-keys.js';
import { type RedisScript, redisScript } from './redis-script.js';

/**
 * Replaces an existing record, unless another owner than ARGV[3] (when not '') holds the lease (KEYS[2], in the
 * chat's slot). KEYS[1] record; ARGV record, ttl, owner. Returns 1 written, 0 no record, -1 fenced off.
 */
const UPDATE = `
if ARGV[3] ~= '' then
  local holder = redis.call('GET', KEYS[2])
  if holder and holder ~= ARGV[3] then return -1 end
end
if redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2], 'XX') then return 1 end
return 0`;

export class RedisChatRecordStore implements ChatRecordStore {
  private readonly updateScript: RedisScript;

  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
  ) {
    this.updateScript = redisScript(redis, 'byosdUpdateChatRecord', 2, UPDATE);
  }

  async create(record: ChatRecord, ttlMs: number): Promise<boolean> {
    return (await this.redis.set(this.keys.chat(record.chatId), JSON.stringify(record), 'PX', ttlMs, 'NX')) === 'OK';
  }

  async get(chatId: string): Promise<ChatRecord | undefined> {
    const stored = await this.redis.get(this.keys.chat(chatId));
    return stored === null ? undefined : (z.parse(chatRecordSchema, JSON.parse(stored)) as ChatRecord);
  }

  /** Only the chat's owner writes its record, one change at a time, so read-then-write is safe here. */
  async update(chatId: string, change: Pick<ChatRecord, 'persisted' | 'endedAt'>, ttlMs: number, owner?: string): Promise<boolean> {
    const record = await this.get(chatId);
    if (!record) return false;
    const written = await this.updateScript(this.keys.chat(chatId), this.keys.lease(chatId), JSON.stringify(applyChange(record, change)), ttlMs, owner ?? '');
    if (written === -1) throw new LeaseLostError(chatId);
    return written === 1;
  }

  async delete(chatId: string): Promise<void> {
    await this.redis.del(this.keys.chat(chatId));
  }
}
