// A denylist key without a TTL (written by hand, a PERSIST, another app's key under the same
// prefix) keeps the revocation mirror off, as it must. It must not also make every instance
// reconnect and SCAN the whole keyspace again and again for as long as the key exists.
import 'reflect-metadata';
import { jest } from '@jest/globals';
import { type Redis } from 'ioredis';
import { RedisConnection } from 'nest-jwt-auth';
import { RevocationMirror } from '../../lib/denylist/revocation-mirror.js';
import { REDIS_URL, deleteKeys, uniqueKeyPrefix } from '../support/redis.js';

it('retries a load refused for a key without TTL a few times a minute, not in a loop', async () => {
  const prefix = uniqueKeyPrefix('mirror-reload-storm');
  const connection = new RedisConnection(REDIS_URL, prefix);
  await connection.onModuleInit();
  await connection.client.set(`${prefix}{mallory}:deny:sid:forever`, '1');
  const scans = jest.spyOn(connection.client as Redis, 'scanStream');
  const mirror = new RevocationMirror(connection);
  mirror.onModuleInit();
  try {
    await new Promise((resolve) => setTimeout(resolve, 3000));
    expect(mirror.live).toBe(false);
    console.log(`${scans.mock.calls.length} full SCANs in 3 s`);
    expect(scans.mock.calls.length).toBeLessThanOrEqual(3);
  } finally {
    mirror.onApplicationShutdown();
    await connection.onApplicationShutdown();
    await deleteKeys(prefix);
  }
});
