import { RedisLoginAttemptStore } from '../../lib/login-attempts/redis-login-attempt-store.js';
import {
  describeLoginAttemptStoreContract,
  fresh,
  WINDOW,
} from '../support/contracts/login-attempt-store-contract.js';
import { redisConnectionForSuite } from '../support/redis-connection-for-suite.js';

const redis = redisConnectionForSuite('login-attempts');

describeLoginAttemptStoreContract(
  'RedisLoginAttemptStore',
  () => new RedisLoginAttemptStore(redis.connection),
);

describe('RedisLoginAttemptStore', () => {
  it('keeps the counters under one hash tag, so one script may touch them all on a Cluster', async () => {
    const store = new RedisLoginAttemptStore(redis.connection);
    const keys = [fresh('pair'), fresh('user')];
    await store.reserve(
      keys.map((key) => ({ key, limit: 5 })),
      WINDOW,
    );
    const stored = keys.map((key) => `${redis.prefix}{login-attempts}:${key}`);
    expect(await redis.connection.client.exists(...stored)).toBe(2);
    expect(await redis.connection.client.ttl(stored[0])).toBeGreaterThan(WINDOW - 5);
  });
});
