import { expectAuthError } from './support/expect-auth-error.js';
import { REDIS_URL, deleteKeys, uniqueKeyPrefix } from './support/redis.js';
import { type RunningSample, bearer, login, startSample } from './support/sample-app.js';
import { sidOf } from './support/token-claims.js';

/** Two instances of the sample sharing one Redis, as behind a load balancer. */
const prefix = uniqueKeyPrefix('multi');
let east: RunningSample;
let west: RunningSample;

beforeAll(async () => {
  east = await startSample({ redisUrl: REDIS_URL, redisKeyPrefix: prefix });
  west = await startSample({ redisUrl: REDIS_URL, redisKeyPrefix: prefix });
});

afterAll(async () => {
  await east.close();
  await west.close();
  await deleteKeys(prefix);
});

describe('two instances', () => {
  it('let exactly one of 20 concurrent refreshes of one token succeed, the rest 401, never 5xx', async () => {
    const { refreshToken } = await login(east);
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        (i % 2 ? east : west).http().post('/auth/refresh').send({ refreshToken }),
      ),
    );
    const statuses = responses.map((response) => response.status);
    const count = (status: number) => statuses.filter((each) => each === status).length;
    console.log(`20-way refresh race over 2 instances: ${count(200)} x 200, ${count(401)} x 401`);
    expect({ ok: count(200), refused: count(401) }).toEqual({ ok: 1, refused: 19 });
  });

  it('see a logout on the other instance, through the revocation mirror within its 350 ms bound', async () => {
    const { accessToken } = await login(east);
    await west.http().get('/me').set(bearer(accessToken)).expect(200);

    await east.http().post('/auth/logout').set(bearer(accessToken)).expect(204);
    // West's mirror (on by default) answers only while a heartbeat sent in the last 350 ms has come
    // back through the channel the logout was announced on before it: any request sent later than
    // that is refused, however loaded the machine. In practice it takes a millisecond or two.
    const loggedOutAt = performance.now();
    /** When, after the logout, each request that west still accepted was sent. */
    const accepted: number[] = [];
    let response;
    do {
      const sentAt = performance.now() - loggedOutAt;
      response = await west.http().get('/me').set(bearer(accessToken));
      if (response.status === 200) accepted.push(sentAt);
    } while (response.status === 200 && performance.now() - loggedOutAt < 2000);
    const elapsedMs = performance.now() - loggedOutAt;
    console.log(`logout on one instance refused on the other after ${elapsedMs.toFixed(1)} ms`);
    expectAuthError(response, 401, 'token_revoked');
    expect(accepted.filter((sentAt) => sentAt >= 350)).toEqual([]);
  });

  it('share sessions: a session started on one is listed and ended on the other', async () => {
    const fromEast = await login(east, 'bob');
    const fromWest = await login(west, 'bob');
    const list = (await east.http().get('/auth/sessions').set(bearer(fromEast.accessToken))).body;
    const sid = sidOf(fromWest.accessToken);
    expect(list.map((session: { id: string }) => session.id)).toContain(sid);
    await east.http().post('/auth/logout-all').set(bearer(fromEast.accessToken)).expect(204);
    expectAuthError(
      await west.http().get('/me').set(bearer(fromWest.accessToken)),
      401,
      'token_revoked',
    );
  });
});
