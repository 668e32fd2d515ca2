import type { Redis } from 'ioredis';
import { type WireEvent, wireEventSchema } from '../../protocol/server-frames.js';
import { type AppendOptions, type EventLog, replayUnavailable } from '../event-log.js';
import { LeaseLostError } from '../lease-store.js';
import type { RedisKeys } from './redis-keys.js';
import { type RedisScript, redisScript } from './redis-script.js';

type StreamEntry = [id: string, fields: string[]];

/**
 * Appends unless the seq is there already, then deletes the oldest entries past the limit with XDEL, which
 * (unlike MAXLEN trimming) records the newest deleted id in XINFO's max-deleted-entry-id: that is how a replay
 * that would miss events is told apart from a seq gap. Fenced when ARGV[5] names an owner: nothing is written
 * while another owner holds the lease (KEYS[2], in the chat's slot). KEYS[1] stream, KEYS[2] lease, ARGV seq,
 * event, limit, ttl, owner ('' for none).
 */
const APPEND = `
if ARGV[5] ~= '' then
  local holder = redis.call('GET', KEYS[2])
  if holder and holder ~= ARGV[5] then return 0 end
end
local newest = redis.call('XREVRANGE', KEYS[1], '+', '-', 'COUNT', 1)[1]
if newest == nil or tonumber(string.match(newest[1], '^%d+')) < tonumber(ARGV[1]) then
  redis.call('XADD', KEYS[1], ARGV[1] .. '-0', 'event', ARGV[2])
  local excess = redis.call('XLEN', KEYS[1]) - tonumber(ARGV[3])
  if excess > 0 then
    for _, entry in ipairs(redis.call('XRANGE', KEYS[1], '-', '+', 'COUNT', excess)) do
      redis.call('XDEL', KEYS[1], entry[1])
    end
  end
end
redis.call('PEXPIRE', KEYS[1], ARGV[4])
return 1`;

/** The event log on Redis Streams: one stream per chat, entry id `<seq>-0`, kept to the limit. */
export class RedisEventLog implements EventLog {
  private readonly appendScript: RedisScript;

  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
  ) {
    this.appendScript = redisScript(redis, 'byosdAppendEvent', 2, APPEND);
  }

  async append(event: WireEvent, limit: number, ttlMs: number, { json = JSON.stringify(event), owner }: AppendOptions = {}): Promise<void> {
    const { chatId } = event;
    const written = await this.appendScript(this.keys.events(chatId), this.keys.lease(chatId), event.seq, json, limit, ttlMs, owner ?? '');
    if (written !== 1) throw new LeaseLostError(chatId);
  }

  async readAfter(chatId: string, afterSeq: number): Promise<WireEvent[]> {
    const key = this.keys.events(chatId);
    const droppedThrough = await this.droppedThrough(key);
    if (afterSeq < droppedThrough) {
      const [oldest] = (await this.redis.xrange(key, '-', '+', 'COUNT', 1)) as StreamEntry[];
      throw replayUnavailable(afterSeq, oldest ? seqOf(oldest[0]) : droppedThrough + 1);
    }
    return parseEntries((await this.redis.xrange(key, `${afterSeq + 1}-0`, '+')) as StreamEntry[]);
  }

  async readHeld(chatId: string): Promise<WireEvent[]> {
    return parseEntries((await this.redis.xrange(this.keys.events(chatId), '-', '+')) as StreamEntry[]);
  }

  async lastSeq(chatId: string): Promise<number> {
    const [newest] = (await this.redis.xrevrange(this.keys.events(chatId), '+', '-', 'COUNT', 1)) as StreamEntry[];
    return newest ? seqOf(newest[0]) : 0;
  }

  async delete(chatId: string): Promise<void> {
    await this.redis.del(this.keys.events(chatId));
  }

  /** The seq of the newest entry dropped for the limit (XINFO's max-deleted-entry-id), 0 when none was. */
  private async droppedThrough(key: string): Promise<number> {
    let info: unknown[];
    try {
      info = (await this.redis.xinfo('STREAM', key)) as unknown[];
    } catch {
      return 0; // No stream: nothing was ever dropped.
    }
    const index = info.indexOf('max-deleted-entry-id');
    return index < 0 ? 0 : seqOf(String(info[index + 1]));
  }
}

function seqOf(id: string): number {
  return Number(id.split('-')[0]);
}

function parseEntries(entries: StreamEntry[]): WireEvent[] {
  return entries.map(([, fields]) => wireEventSchema.parse(JSON.parse(fields[1] ?? 'null')));
}
