import { type RedisConnection } from '../store/redis-connection.js';
import { type AttemptCount, type LoginAttemptStore } from './login-attempt-store.interface.js';

/** INCR, and start the window on the first failure only (EXPIRE NX needs Redis 7). */
const INCREMENT = `
local count = redis.call('INCR', KEYS[1])
if count == 1 then
  redis.call('EXPIRE', KEYS[1], ARGV[1])
end
return count
`;

/**
 * A {@link LoginAttemptStore} in Redis, at `<prefix>login-attempts:<key>`: counts hold across
 * every instance and expire with their window.
 */
export class RedisLoginAttemptStore implements LoginAttemptStore {
  private readonly incrementScript: (key: string, windowSeconds: number) => Promise<unknown>;

  constructor(private readonly connection: RedisConnection) {
    const client = connection.client;
    const command = 'nestJwtAuth_incrementAttempts';
    if (!(command in client)) client.defineCommand(command, { lua: INCREMENT, numberOfKeys: 1 });
    this.incrementScript = (key, windowSeconds) =>
      (client as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>)[command](
        key,
        windowSeconds,
      );
  }

  async peek(keys: readonly string[]): Promise<AttemptCount[]> {
    const client = this.connection.client;
    return Promise.all(
      keys.map(async (key) => {
        const [count, ttl] = await Promise.all([
          client.get(this.key(key)),
          client.ttl(this.key(key)),
        ]);
        return { count: Number(count ?? 0), retryAfterSeconds: Math.max(ttl, 0) };
      }),
    );
  }

  async increment(keys: readonly string[], windowSeconds: number): Promise<void> {
    await Promise.all(keys.map((key) => this.incrementScript(this.key(key), windowSeconds)));
  }

  async reset(key: string): Promise<void> {
    await this.connection.client.del(this.key(key));
  }

  private key(key: string): string {
    return `${this.connection.keyPrefix}login-attempts:${key}`;
  }
}
