import 'reflect-metadata';
import { type INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { AuthModule, type AuthModuleOptions } from 'nest-jwt-auth';
import request from 'supertest';
import { expectAuthError } from '../support/expect-auth-error.js';
import { createHttpApp } from '../support/http-app.js';
import { REDIS_URL, deleteKeys, uniqueKeyPrefix } from '../support/redis.js';
import { TEST_SECRET } from '../support/sample-app.js';

const prefix = uniqueKeyPrefix('throttle');

async function boot(options: Partial<AuthModuleOptions> = {}): Promise<INestApplication> {
  const moduleRef = await Test.createTestingModule({
    imports: [
      AuthModule.forRoot({
        secret: TEST_SECRET,
        store: { redis: REDIS_URL, keyPrefix: prefix },
        validateCredentials: async (username, password) =>
          password === 'right' ? { sub: username } : null,
        loginThrottle: { maxAttempts: 3, maxAttemptsPerIp: 50, windowSeconds: 2 },
        ...options,
      }),
    ],
  }).compile();
  const app = await createHttpApp(moduleRef);
  return app;
}

let east: INestApplication;
let west: INestApplication;

beforeAll(async () => {
  east = await boot();
  west = await boot();
});

afterAll(async () => {
  await east.close();
  await west.close();
  await deleteKeys(prefix);
});

const attempt = (app: INestApplication, username: string, password: string) =>
  request(app.getHttpServer()).post('/auth/login').send({ username, password });

describe('login brute-force protection', () => {
  it('blocks a username after 3 failures across two instances, with Retry-After, until the window ends', async () => {
    expectAuthError(await attempt(east, 'ann', 'wrong'), 401, 'invalid_credentials');
    expectAuthError(await attempt(west, 'ann', 'wrong'), 401, 'invalid_credentials');
    expectAuthError(await attempt(east, 'ANN', 'wrong'), 401, 'invalid_credentials');

    const blocked = await attempt(west, 'ann', 'right');
    expectAuthError(blocked, 429, 'too_many_attempts');
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(Number(blocked.headers['retry-after'])).toBeLessThanOrEqual(2);

    await new Promise((resolve) => setTimeout(resolve, 2100));
    await attempt(east, 'ann', 'right').expect(200);
  });

  it('resets the username count on success', async () => {
    await attempt(east, 'bea', 'wrong').expect(401);
    await attempt(east, 'bea', 'wrong').expect(401);
    await attempt(east, 'bea', 'right').expect(200);
    await attempt(east, 'bea', 'wrong').expect(401);
    await attempt(east, 'bea', 'wrong').expect(401);
    await attempt(east, 'bea', 'right').expect(200);
  });

  it('blocks an IP that guesses at many usernames', async () => {
    const strict = await boot({
      store: { redis: REDIS_URL, keyPrefix: `${prefix}ip:` },
      loginThrottle: { maxAttempts: 3, maxAttemptsPerIp: 6, windowSeconds: 2 },
    });
    try {
      for (let i = 0; i < 6; i++) await attempt(strict, `user-${i}`, 'wrong').expect(401);
      expectAuthError(await attempt(strict, 'fresh-user', 'right'), 429, 'too_many_attempts');
    } finally {
      await strict.close();
    }
  });

  it('can be turned off', async () => {
    const open = await boot({ loginThrottle: false, store: 'memory' });
    try {
      for (let i = 0; i < 8; i++) await attempt(open, 'cat', 'wrong').expect(401);
      await attempt(open, 'cat', 'right').expect(200);
    } finally {
      await open.close();
    }
  });
});
