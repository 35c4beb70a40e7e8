import { expectAuthError } from './support/expect-auth-error.js';
import { TestRedisServer } from './support/redis-server.js';
import { type RunningSample, login, startSample } from './support/sample-app.js';

let redis: TestRedisServer;
let sample: RunningSample;

beforeAll(async () => {
  redis = await TestRedisServer.start();
  sample = await startSample({ redisUrl: redis.url });
});

afterAll(async () => {
  await sample?.close();
  await redis?.stop();
});

/** Polls until `check` passes or `timeoutMs` runs out; returns how long it took. */
async function within(timeoutMs: number, check: () => Promise<boolean>): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    if (await check()) return Date.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`condition not met within ${timeoutMs} ms`);
}

describe('when Redis goes away', () => {
  it('answers 503 auth_store_unavailable within a second, keeps public routes up, and recovers', async () => {
    const { accessToken, refreshToken } = await login(sample);
    await sample.http().get('/me').set('Authorization', `Bearer ${accessToken}`).expect(200);

    await redis.stop();

    // The revocation mirror (on by default) answers for as long as it is proven current: until
    // its subscription closes or, at most, 350 ms without a heartbeat. Then the guard asks Redis.
    const started = Date.now();
    const me = () => sample.http().get('/me').set('Authorization', `Bearer ${accessToken}`);
    let answer = await me();
    while (answer.status === 200 && Date.now() - started < 1000) answer = await me();
    expect(Date.now() - started).toBeLessThan(1000);
    expectAuthError(answer, 503, 'auth_store_unavailable');
    expectAuthError(await me(), 503, 'auth_store_unavailable');
    await sample.http().get('/public').expect(200);
    expectAuthError(
      await sample.http().post('/auth/login').send({ username: 'alice', password: 'wonderland' }),
      503,
      'auth_store_unavailable',
    );
    expectAuthError(
      await sample.http().post('/auth/refresh').send({ refreshToken }),
      503,
      'auth_store_unavailable',
    );
    expectAuthError(
      await sample.http().post('/auth/logout').set('Authorization', `Bearer ${accessToken}`),
      503,
      'auth_store_unavailable',
    );

    await redis.resume();

    // The restarted server is empty (no persistence in tests), so the token is simply valid again.
    await within(5000, async () => {
      const response = await sample.http().get('/me').set('Authorization', `Bearer ${accessToken}`);
      return response.status === 200;
    });
    await login(sample);
  });
});

describe('when Redis is down at start-up', () => {
  it('boots, answers 503 on protected routes, and works once Redis is up', async () => {
    const lateRedis = await TestRedisServer.start();
    await lateRedis.stop();
    const late = await startSample({ redisUrl: lateRedis.url });
    try {
      expectAuthError(
        await late.http().post('/auth/login').send({ username: 'bob', password: 'builder' }),
        503,
        'auth_store_unavailable',
      );
      await late.http().get('/public').expect(200);
      await lateRedis.resume();
      await within(5000, async () => {
        const response = await late
          .http()
          .post('/auth/login')
          .send({ username: 'bob', password: 'builder' });
        return response.status === 200;
      });
    } finally {
      await late.close();
      await lateRedis.stop();
    }
  });
});
