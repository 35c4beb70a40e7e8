import { Redis } from 'ioredis';
import { deleteKeys, REDIS_URL, uniqueKeyPrefix } from '../support/redis.js';
import { RedisConnection } from '../../lib/store/redis-connection.js';
import { RedisSessionStore } from '../../lib/sessions/redis-session-store.js';
import { type SessionRecord } from '../../lib/sessions/session.interface.js';

const prefix = uniqueKeyPrefix('redis-session-ttl');
let connection: RedisConnection;
let raw: Redis;
let store: RedisSessionStore;

beforeAll(async () => {
  connection = new RedisConnection(REDIS_URL, prefix);
  await connection.onModuleInit();
  store = new RedisSessionStore(connection);
  raw = new Redis(REDIS_URL);
});

afterAll(async () => {
  await connection.onApplicationShutdown();
  raw.disconnect();
  await deleteKeys(prefix);
});

function newSession(id: string, lifetimeMs: number): SessionRecord {
  const now = Date.now();
  return {
    id,
    sub: 'ttl-user',
    identity: { sub: 'ttl-user', roles: [] },
    createdAt: now,
    lastRefreshedAt: now,
    expiresAt: now + lifetimeMs,
  };
}

/** Milliseconds left on `key`, checked to be within `expected` minus a little. */
async function expectExpiry(key: string, expected: number): Promise<void> {
  const pttl = await raw.pttl(key);
  expect(pttl).toBeGreaterThan(expected - 2000);
  expect(pttl).toBeLessThanOrEqual(expected);
}

describe('RedisSessionStore key expiry', () => {
  const sid = '00000000-0000-4000-8000-0000000000aa';
  const sessionKey = `${prefix}{ttl-user}:session:${sid}`;

  it('gives every key of a new session the session lifetime', async () => {
    await store.create(newSession(sid, 60_000), 'h1');
    await expectExpiry(sessionKey, 60_000);
    await expectExpiry(`${prefix}{ttl-user}:sessions`, 60_000);
    await expectExpiry(`${prefix}session-owner:${sid}`, 60_000);
  });

  it('moves every expiry, the used-hash set included, to the rotated expiresAt', async () => {
    const now = Date.now();
    const result = await store.rotate({
      sub: 'ttl-user',
      sid,
      presentedHash: 'h1',
      nextHash: 'h2',
      now,
      expiresAt: now + 120_000,
      graceMs: 0,
      successor: '',
    });
    expect(result).toEqual({ status: 'rotated' });
    await expectExpiry(sessionKey, 120_000);
    await expectExpiry(`${sessionKey}:used`, 120_000);
    await expectExpiry(`${prefix}{ttl-user}:sessions`, 120_000);
    await expectExpiry(`${prefix}session-owner:${sid}`, 120_000);
  });

  it('keeps the user set alive as long as its longest session', async () => {
    await store.create(newSession('00000000-0000-4000-8000-0000000000bb', 10_000), 'h3');
    await expectExpiry(`${prefix}{ttl-user}:sessions`, 120_000);
  });
});
