import { RedisApiKeyStore } from '../../lib/api-keys/redis-api-key-store.js';
import {
  describeApiKeyStoreContract,
  freshUser,
  newRecord,
} from '../support/contracts/api-key-store-contract.js';
import { redisConnectionForSuite } from '../support/redis-connection-for-suite.js';

const redis = redisConnectionForSuite('api-keys');

describeApiKeyStoreContract('RedisApiKeyStore', () => new RedisApiKeyStore(redis.connection));

describe('RedisApiKeyStore', () => {
  it('keeps a user’s keys in one hash slot, with the TTL of their expiry', async () => {
    const store = new RedisApiKeyStore(redis.connection);
    const sub = freshUser('layout');
    const now = Date.now();
    const record = newRecord(sub, { expiresAt: now + 60_000 });
    await store.create(record, 10, now);
    const { client } = redis.connection;
    const keys = [
      `{${sub}}:api-keys`,
      `{${sub}}:api-key:${record.id}`,
      `api-key-owner:${record.id}`,
    ];
    for (const key of keys) {
      const ttl = await client.pttl(`${redis.prefix}${key}`);
      expect(ttl).toBeGreaterThan(55_000);
      expect(ttl).toBeLessThanOrEqual(60_000);
    }
    expect(await client.hget(`${redis.prefix}${keys[1]}`, 'hash')).toBe(record.hash);
  });

  it('keeps a key without expiry until it is deleted', async () => {
    const store = new RedisApiKeyStore(redis.connection);
    const sub = freshUser('forever');
    const record = newRecord(sub);
    await store.create(record, 10, Date.now());
    const { client } = redis.connection;
    expect(await client.pttl(`${redis.prefix}{${sub}}:api-key:${record.id}`)).toBe(-1);
    expect(await client.pttl(`${redis.prefix}{${sub}}:api-keys`)).toBe(-1);
  });

  it('leaves no trace of a deleted key when a last use is written after the deletion', async () => {
    const store = new RedisApiKeyStore(redis.connection);
    const sub = freshUser('resurrect');
    const record = newRecord(sub);
    await store.create(record, 10, Date.now());
    const { client } = redis.connection;
    const recordKey = `${redis.prefix}{${sub}}:api-key:${record.id}`;
    await Promise.all([store.delete(sub, record.id), store.touch(sub, record.id, Date.now())]);
    await store.touch(sub, record.id, Date.now());
    expect(await client.exists(recordKey, `${redis.prefix}api-key-owner:${record.id}`)).toBe(0);
    expect(await client.zcard(`${redis.prefix}{${sub}}:api-keys`)).toBe(0);
  });
});
