import { RedisSessionStore } from '../../lib/sessions/redis-session-store.js';
import { type SessionRecord } from '../../lib/sessions/session.interface.js';
import { redisConnectionForSuite } from '../support/redis-connection-for-suite.js';

const redis = redisConnectionForSuite('redis-session-ttl');
const { prefix } = redis;
let store: RedisSessionStore;

beforeAll(() => {
  store = new RedisSessionStore(redis.connection);
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
  const pttl = await redis.connection.client.pttl(key);
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

  it('moves every expiry, the spent-hash set included, to the rotated expiresAt', async () => {
    const now = Date.now();
    const result = await store.rotate({
      sub: 'ttl-user',
      sid,
      presentedHash: 'h1',
      nextHash: 'h2',
      historyLimit: 64,
      now,
      expiresAt: now + 120_000,
      graceMs: 0,
      successor: '',
    });
    expect(result).toEqual({ status: 'rotated' });
    await expectExpiry(sessionKey, 120_000);
    await expectExpiry(`${sessionKey}:spent`, 120_000);
    await expectExpiry(`${prefix}{ttl-user}:sessions`, 120_000);
    await expectExpiry(`${prefix}session-owner:${sid}`, 120_000);
  });

  it('keeps the user set alive as long as its longest session', async () => {
    await store.create(newSession('00000000-0000-4000-8000-0000000000bb', 10_000), 'h3');
    await expectExpiry(`${prefix}{ttl-user}:sessions`, 120_000);
  });
});
