import { type RedisClient } from './redis-client.js';

/** A Lua script bound to a client: run with its keys and arguments. */
export type RedisScript = (
  keys: readonly string[],
  args: readonly (string | number)[],
) => Promise<unknown>;

/**
 * Registers `lua` on `client` once (ioredis runs it by EVALSHA, loading it when Redis lacks it)
 * and returns a function running it with any number of keys.
 */
export function defineRedisScript(client: RedisClient, name: string, lua: string): RedisScript {
  const command = `nestJwtAuth_${name}`;
  if (!(command in client)) client.defineCommand(command, { lua });
  const run = (
    client as unknown as Record<string, (...keysThenArgs: unknown[]) => Promise<unknown>>
  )[command];
  return (keys, args) => run.call(client, keys.length, ...keys, ...args);
}
