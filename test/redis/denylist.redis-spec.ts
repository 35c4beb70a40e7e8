import { Logger } from '@nestjs/common';
import { jest } from '@jest/globals';
import { Redis } from 'ioredis';
import { RedisConnection } from '../../lib/store/redis-connection.js';
import { RedisDenylist } from '../../lib/denylist/redis-denylist.js';
import { describeDenylistContract } from '../support/contracts/denylist-contract.js';
import { REDIS_URL } from '../support/redis.js';
import { redisConnectionForSuite } from '../support/redis-connection-for-suite.js';

const redis = redisConnectionForSuite('denylist');
const { prefix } = redis;
/** Another client of the same Redis, as another app instance would have. */
let raw: Redis;

beforeAll(() => {
  raw = new Redis(REDIS_URL);
});

afterAll(() => {
  raw.disconnect();
});

describeDenylistContract('RedisDenylist', () => new RedisDenylist(redis.connection));

describe('RedisDenylist in Redis', () => {
  it('writes <prefix>{<subject>}:deny:<id> with the given ttl', async () => {
    await new RedisDenylist(redis.connection).add('frank', 'sid:abc', 900);
    const key = `${prefix}{frank}:deny:sid:abc`;
    expect(await raw.exists(key)).toBe(1);
    const ttl = await raw.ttl(key);
    expect(ttl).toBeGreaterThan(895);
    expect(ttl).toBeLessThanOrEqual(900);
  });

  it('sees entries written by another instance sharing the Redis', async () => {
    await raw.set(`${prefix}{gina}:deny:jti:xyz`, '1', 'EX', 60);
    expect(await new RedisDenylist(redis.connection).has('gina', ['jti:xyz'])).toBe(true);
  });

  it('rejects when Redis cannot be reached, instead of answering false', async () => {
    const logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const down = new RedisConnection('redis://127.0.0.1:1', prefix);
    await down.onModuleInit();
    try {
      await expect(new RedisDenylist(down).has('ann', ['sid:1'])).rejects.toThrow();
    } finally {
      await down.onApplicationShutdown();
      logged.mockRestore();
    }
  });
});
