import type { Redis } from 'ioredis';

type ScriptArgument = string | number;

/** Runs a script: its keys first, then its arguments. */
export type RedisScript = (...keysAndArguments: ScriptArgument[]) => Promise<unknown>;

/**
 * A Lua script that Redis runs by its SHA (EVALSHA), sent whole only when Redis does not hold it yet: ioredis'
 * `defineCommand`. EVAL would send the script's text, and Redis hash it, on every call; the gateway runs some of
 * its scripts for every event of every chat. `name` must be unique to the script on this client.
 */
export function redisScript(redis: Redis, name: string, numberOfKeys: number, lua: string): RedisScript {
  const commands = redis as unknown as Record<string, RedisScript | undefined>;
  if (!commands[name]) redis.defineCommand(name, { numberOfKeys, lua });
  const script = commands[name];
  if (!script) throw new Error(`ioredis did not define the script ${name}`);
  return (...keysAndArguments) => script.apply(redis, keysAndArguments);
}
