import { type INestApplication } from '@nestjs/common';
import { expectAuthError } from '../support/expect-auth-error.js';
import { REDIS_URL, deleteKeys, uniqueKeyPrefix } from '../support/redis.js';
import { TestRedisServer } from '../support/redis-server.js';
import { PasswordChecks, bootThrottledApp, loginFrom } from '../support/throttled-app.js';

const prefix = uniqueKeyPrefix('throttle');
const LIMITS = {
  maxAttemptsPerUsernameAndIp: 3,
  maxAttemptsPerUsername: 50,
  maxAttemptsPerIp: 50,
  windowSeconds: 2,
};

let east: INestApplication;
let west: INestApplication;

beforeAll(async () => {
  east = await bootThrottledApp({ redis: REDIS_URL, keyPrefix: prefix }, LIMITS);
  west = await bootThrottledApp({ redis: REDIS_URL, keyPrefix: prefix }, LIMITS);
});

afterAll(async () => {
  await east.close();
  await west.close();
  await deleteKeys(prefix);
});

describe('login brute-force protection', () => {
  it('blocks a username at one address after 3 attempts across two instances, with Retry-After, until the window ends', async () => {
    expectAuthError(await loginFrom(east, 'ann', 'wrong'), 401, 'invalid_credentials');
    expectAuthError(await loginFrom(west, 'ann', 'wrong'), 401, 'invalid_credentials');
    expectAuthError(await loginFrom(east, 'ANN', 'wrong'), 401, 'invalid_credentials');

    const blocked = await loginFrom(west, 'ann', 'right');
    expectAuthError(blocked, 429, 'too_many_attempts');
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(Number(blocked.headers['retry-after'])).toBeLessThanOrEqual(2);

    await new Promise((resolve) => setTimeout(resolve, 2100));
    await loginFrom(east, 'ann', 'right').expect(200);
  });

  it("a success clears the username's count at that address", async () => {
    await loginFrom(east, 'bea', 'wrong').expect(401);
    await loginFrom(east, 'bea', 'wrong').expect(401);
    await loginFrom(east, 'bea', 'right').expect(200);
    await loginFrom(east, 'bea', 'wrong').expect(401);
    await loginFrom(east, 'bea', 'wrong').expect(401);
    await loginFrom(east, 'bea', 'right').expect(200);
  });

  it('blocks an IP that guesses at many usernames', async () => {
    const strict = await bootThrottledApp(
      { redis: REDIS_URL, keyPrefix: `${prefix}ip:` },
      { ...LIMITS, maxAttemptsPerIp: 6 },
    );
    try {
      for (let i = 0; i < 6; i++) await loginFrom(strict, `user-${i}`, 'wrong').expect(401);
      expectAuthError(await loginFrom(strict, 'fresh-user', 'right'), 429, 'too_many_attempts');
    } finally {
      await strict.close();
    }
  });

  it("an attacker's own valid logins between guesses do not reset the IP's count", async () => {
    const checks = new PasswordChecks();
    const strict = await bootThrottledApp(
      { redis: REDIS_URL, keyPrefix: `${prefix}own:` },
      { ...LIMITS, maxAttemptsPerIp: 6, windowSeconds: 900 },
      checks,
    );
    try {
      for (let i = 0; i < 6; i++) {
        await loginFrom(strict, 'mallory', 'right').expect(200);
        await loginFrom(strict, `user-${i}`, 'wrong').expect(401);
      }
      expectAuthError(await loginFrom(strict, 'user-6', 'wrong'), 429, 'too_many_attempts');
      expectAuthError(await loginFrom(strict, 'mallory', 'right'), 429, 'too_many_attempts');
      expect(checks.failed).toBe(6);
    } finally {
      await strict.close();
    }
  });

  it('answers 503 auth_store_unavailable without checking the password when Redis is down', async () => {
    const redis = await TestRedisServer.start();
    const checks = new PasswordChecks();
    const app = await bootThrottledApp({ redis: redis.url }, LIMITS, checks);
    try {
      await redis.stop();
      expectAuthError(await loginFrom(app, 'cat', 'right'), 503, 'auth_store_unavailable');
      expectAuthError(await loginFrom(app, 'cat', 'wrong'), 503, 'auth_store_unavailable');
      expect(checks.count).toBe(0);
    } finally {
      await app.close();
      await redis.stop();
    }
  });

  it('can be turned off', async () => {
    const open = await bootThrottledApp('memory', false);
    try {
      for (let i = 0; i < 8; i++) await loginFrom(open, 'cat', 'wrong').expect(401);
      await loginFrom(open, 'cat', 'right').expect(200);
    } finally {
      await open.close();
    }
  });
});
