import { forgeToken } from '../support/forge-token.js';
import { REDIS_URL, deleteKeys, uniqueKeyPrefix } from '../support/redis.js';
import { TestRedisServer } from '../support/redis-server.js';
import { type RunningSample, bearer, login, startSample } from '../support/sample-app.js';

const prefix = uniqueKeyPrefix('load');

/** One request of a mixed crowd: good and bad logins, good, forged and missing tokens. */
/**
 * A third of the requests are logins, each a scrypt hash of ~50 ms CPU: on a loaded 2-core CI machine
 * 300 of them outlast Jest's 20 s. Nothing here asserts a duration.
 */
const LOAD_TIMEOUT_MS = 90_000;

function mixedRequest(sample: RunningSample, accessToken: string, i: number) {
  switch (i % 6) {
    case 0:
      return sample.http().post('/auth/login').send({ username: 'bob', password: 'builder' });
    case 1:
      return sample
        .http()
        .post('/auth/login')
        .send({ username: `nobody-${i}`, password: 'x' });
    case 2:
      return sample.http().get('/me').set(bearer(accessToken));
    case 3:
      return sample
        .http()
        .get('/me')
        .set(bearer(forgeToken({ secret: 'forged-secret-of-32-bytes-or-more!!' })));
    case 4:
      return sample.http().get('/admin').set(bearer(accessToken));
    default:
      return sample
        .http()
        .get('/me')
        .set('Authorization', `Bearer ${accessToken.slice(0, -2)}xx`);
  }
}

const tally = (statuses: number[]) =>
  Object.fromEntries(
    [...new Set(statuses)].sort().map((s) => [s, statuses.filter((x) => x === s).length]),
  );

describe('under load', () => {
  it(
    'answers 300 concurrent mixed requests without a single 5xx',
    async () => {
      const sample = await startSample({ redisUrl: REDIS_URL, redisKeyPrefix: prefix });
      try {
        const { accessToken } = await login(sample);
        const responses = await Promise.all(
          Array.from({ length: 300 }, (_, i) => mixedRequest(sample, accessToken, i)),
        );
        const statuses = responses.map((response) => response.status);
        console.log(`300 mixed requests: ${JSON.stringify(tally(statuses))}`);
        expect(statuses.filter((status) => status >= 500)).toEqual([]);
        expect(statuses.filter((status) => ![200, 401, 403, 429].includes(status))).toEqual([]);
      } finally {
        await sample.close();
        await deleteKeys(prefix);
      }
    },
    LOAD_TIMEOUT_MS,
  );

  it(
    'answers only 200/401/403/429/503 while Redis dies and returns mid-load, then fully recovers',
    async () => {
      const redis = await TestRedisServer.start();
      const sample = await startSample({ redisUrl: redis.url });
      try {
        const { accessToken } = await login(sample);
        const statuses: number[] = [];
        for (let wave = 0; wave < 10; wave++) {
          if (wave === 3) await redis.stop();
          if (wave === 7) await redis.resume();
          const responses = await Promise.all(
            Array.from({ length: 30 }, (_, i) => mixedRequest(sample, accessToken, wave * 30 + i)),
          );
          statuses.push(...responses.map((response) => response.status));
        }
        console.log(`300 requests across a Redis outage: ${JSON.stringify(tally(statuses))}`);
        expect(statuses.filter((status) => ![200, 401, 403, 429, 503].includes(status))).toEqual(
          [],
        );
        expect(statuses).toContain(503);

        const deadline = Date.now() + 5000;
        let healed = false;
        while (!healed && Date.now() < deadline) {
          const response = await sample
            .http()
            .post('/auth/login')
            .send({ username: 'alice', password: 'wonderland' });
          healed = response.status === 200;
          if (healed)
            await sample.http().get('/me').set(bearer(response.body.accessToken)).expect(200);
          else await new Promise((resolve) => setTimeout(resolve, 100));
        }
        expect(healed).toBe(true);
      } finally {
        await sample.close();
        await redis.stop();
      }
    },
    LOAD_TIMEOUT_MS,
  );
});
