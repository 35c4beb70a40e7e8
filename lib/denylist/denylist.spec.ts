import { jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { Redis } from 'ioredis';
import { deleteKeys, REDIS_URL, uniqueKeyPrefix } from '../../test/support/redis.js';
import { RedisConnection } from '../store/redis-connection.js';
import { type Denylist } from './denylist.interface.js';
import { MemoryDenylist } from './memory-denylist.js';
import { RedisDenylist } from './redis-denylist.js';

const prefix = uniqueKeyPrefix('denylist');
let connection: RedisConnection;
let raw: Redis;

beforeAll(async () => {
  connection = new RedisConnection(REDIS_URL, prefix);
  await connection.onModuleInit();
  raw = new Redis(REDIS_URL);
});

afterAll(async () => {
  await connection.onApplicationShutdown();
  raw.disconnect();
  await deleteKeys(prefix);
});

describe.each<[string, () => Denylist]>([
  ['MemoryDenylist', () => new MemoryDenylist()],
  ['RedisDenylist', () => new RedisDenylist(connection)],
])('%s', (_name, makeDenylist) => {
  let denylist: Denylist;

  beforeEach(() => {
    denylist = makeDenylist();
  });

  it('has what was added, and nothing else', async () => {
    await denylist.add('ann', 'sid:1', 60);
    expect(await denylist.has('ann', ['sid:1'])).toBe(true);
    expect(await denylist.has('ann', ['sid:2'])).toBe(false);
  });

  it('keeps subjects apart: the same id of another subject is not revoked', async () => {
    await denylist.add('bob', 'sid:shared', 60);
    expect(await denylist.has('carol', ['sid:shared'])).toBe(false);
    expect(await denylist.has('bob', ['sid:shared'])).toBe(true);
  });

  it('answers true when any of several ids is blocked', async () => {
    await denylist.add('dan', 'jti:b', 60);
    expect(await denylist.has('dan', ['sid:a', 'jti:b'])).toBe(true);
    expect(await denylist.has('dan', ['sid:a', 'jti:c'])).toBe(false);
  });

  it('forgets an entry after its ttl', async () => {
    await denylist.add('eve', 'sid:short', 1);
    expect(await denylist.has('eve', ['sid:short'])).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect(await denylist.has('eve', ['sid:short'])).toBe(false);
  });
});

describe('MemoryDenylist ttl', () => {
  afterEach(() => {
    jest.useRealTimers();
  });

  it('blocks for exactly ttlSeconds', async () => {
    jest.useFakeTimers({ now: 5_000_000 });
    const denylist = new MemoryDenylist();
    await denylist.add('ann', 'sid:1', 30);
    jest.setSystemTime(5_000_000 + 29_999);
    expect(await denylist.has('ann', ['sid:1'])).toBe(true);
    jest.setSystemTime(5_000_000 + 30_000);
    expect(await denylist.has('ann', ['sid:1'])).toBe(false);
  });
});

describe('RedisDenylist in Redis', () => {
  it('writes <prefix>{<subject>}:deny:<id> with the given ttl', async () => {
    await new RedisDenylist(connection).add('frank', 'sid:abc', 900);
    const key = `${prefix}{frank}:deny:sid:abc`;
    expect(await raw.exists(key)).toBe(1);
    const ttl = await raw.ttl(key);
    expect(ttl).toBeGreaterThan(895);
    expect(ttl).toBeLessThanOrEqual(900);
  });

  it('sees entries written by another instance sharing the Redis', async () => {
    await raw.set(`${prefix}{gina}:deny:jti:xyz`, '1', 'EX', 60);
    expect(await new RedisDenylist(connection).has('gina', ['jti:xyz'])).toBe(true);
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
