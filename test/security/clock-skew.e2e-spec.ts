// Issue #14 item 9: a revocation holds on every instance for the whole life of the token, also on
// one whose clock lags, as long as the clocks agree within clockToleranceSeconds; a token from a
// clock further ahead than that is refused.
import { expectAuthError } from '../support/expect-auth-error.js';
import { startAuthApp } from '../support/auth-app.js';
import { REDIS_URL, deleteKeys, uniqueKeyPrefix } from '../support/redis.js';
import { type RunningSample, bearer, login } from '../support/sample-app.js';

const TOLERANCE = 2;

/** An instance sharing one Redis (under `prefix`) whose clock is `offsetMs` off the real one. */
function instance(prefix: string, offsetMs: number, accessTokenTtl = 1): Promise<RunningSample> {
  return startAuthApp({
    store: { redis: REDIS_URL, keyPrefix: prefix },
    validateCredentials: async (username) => ({ sub: username, roles: [] }),
    accessTokenTtl,
    clockToleranceSeconds: TOLERANCE,
    clock: () => Date.now() + offsetMs,
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('instances whose clocks differ by the tolerance', () => {
  const prefix = uniqueKeyPrefix('clock-skew');
  let ahead: RunningSample;
  let behind: RunningSample;

  beforeAll(async () => {
    // 2 s apart: as far apart as clockToleranceSeconds allows.
    ahead = await instance(prefix, 1000);
    behind = await instance(prefix, -1000);
  });

  afterAll(async () => {
    await ahead.close();
    await behind.close();
    await deleteKeys(prefix);
  });

  it('refuse a token revoked on the one ahead, on the one behind, until it has expired there', async () => {
    // Just after a second starts, so that iat (whole seconds) is as late as it gets: the token
    // then lives a full second, and the old denial fell short by about that much.
    await sleep(1010 - (Date.now() % 1000));
    const pair = await login(ahead, 'ann', 'pw');
    await behind.http().get('/me').set(bearer(pair.accessToken)).expect(200);
    await ahead.http().post('/auth/logout').set(bearer(pair.accessToken)).expect(204);
    const loggedOutAt = Date.now();

    // Signed 1 s ahead of real time, valid 1 s, checked 1 s behind with 2 s of tolerance: the
    // instance behind takes it for about 5 s of real time. The old denial lived 1 + 2 + 1 = 4 s.
    const codes: string[] = [];
    let response = await behind.http().get('/me').set(bearer(pair.accessToken));
    while (response.body.code !== 'token_expired' && Date.now() - loggedOutAt < 10_000) {
      codes.push(response.status === 200 ? 'accepted' : response.body.code);
      await sleep(200);
      response = await behind.http().get('/me').set(bearer(pair.accessToken));
    }
    const lifeMs = Date.now() - loggedOutAt;
    console.log(`revoked token checked ${codes.length} times over ${lifeMs} ms on the lagging one`);
    expectAuthError(response, 401, 'token_expired');
    expect(lifeMs).toBeGreaterThan(4000);
    expect(new Set(codes)).toEqual(new Set(['token_revoked']));
  }, 15_000);
});

describe('instances whose clocks differ by more than the tolerance', () => {
  const prefix = uniqueKeyPrefix('clock-skew-beyond');
  let ahead: RunningSample;
  let behind: RunningSample;

  beforeAll(async () => {
    ahead = await instance(prefix, 5000, 60);
    behind = await instance(prefix, -5000, 60);
  });

  afterAll(async () => {
    await ahead.close();
    await behind.close();
    await deleteKeys(prefix);
  });

  it('refuse on the one behind a token issued in its future beyond the tolerance', async () => {
    const fromAhead = await login(ahead, 'bob', 'pw');
    const response = await behind.http().get('/me').set(bearer(fromAhead.accessToken));
    expectAuthError(response, 401, 'token_invalid');
    expect(response.body.message).toMatch(/issued in the future/);
    // The other way round the token is merely older than it looks, and accepted.
    const fromBehind = await login(behind, 'bob', 'pw');
    await ahead.http().get('/me').set(bearer(fromBehind.accessToken)).expect(200);
  });
});
