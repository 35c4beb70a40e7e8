import { type RedisConnection } from '../store/redis-connection.js';
import { defineRedisScript, type RedisScript } from '../store/redis-script.js';
import {
  type AttemptCounter,
  type AttemptReservation,
  type LoginAttemptStore,
} from './login-attempt-store.interface.js';
import { RELEASE_ATTEMPT, RESERVE_ATTEMPT } from './redis-login-attempt.scripts.js';

/**
 * A {@link LoginAttemptStore} in Redis, at `<prefix>{login-attempts}:<key>`: counts hold across
 * every instance and expire with their window. One script per login reserves every counter in
 * one round trip; the shared hash tag keeps the script legal on Redis Cluster (all counters in
 * one slot: a login costs one small script, far below what one node serves).
 */
export class RedisLoginAttemptStore implements LoginAttemptStore {
  private readonly reserveScript: RedisScript;
  private readonly releaseScript: RedisScript;

  constructor(private readonly connection: RedisConnection) {
    this.reserveScript = defineRedisScript(connection.client, 'reserveLogin', RESERVE_ATTEMPT);
    this.releaseScript = defineRedisScript(connection.client, 'releaseLogin', RELEASE_ATTEMPT);
  }

  async reserve(
    counters: readonly AttemptCounter[],
    windowSeconds: number,
  ): Promise<AttemptReservation> {
    const waitMs = Number(
      await this.reserveScript(
        counters.map(({ key }) => this.key(key)),
        [windowSeconds, ...counters.map(({ limit }) => limit)],
      ),
    );
    return waitMs > 0
      ? { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) }
      : { allowed: true };
  }

  async release(counters: { forget: readonly string[]; refund: readonly string[] }) {
    const keys = [...counters.forget, ...counters.refund].map((key) => this.key(key));
    if (keys.length > 0) await this.releaseScript(keys, [counters.forget.length]);
  }

  private key(key: string): string {
    return `${this.connection.keyPrefix}{login-attempts}:${key}`;
  }
}
