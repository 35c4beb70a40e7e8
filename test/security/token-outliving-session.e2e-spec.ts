// Issue #14 item 10: an access token never outlives its session, so ending or expiring a session
// leaves no token of it behind, and revoking a token does not depend on its session's record.
import { randomUUID } from 'node:crypto';
import { TestClock } from 'nest-jwt-auth';
import { startAuthApp } from '../support/auth-app.js';
import { expectAuthError } from '../support/expect-auth-error.js';
import { forgeToken } from '../support/forge-token.js';
import { REDIS_URL, deleteKeys, uniqueKeyPrefix } from '../support/redis.js';
import {
  type RunningSample,
  type TokenPairBody,
  bearer,
  login,
  refreshPair,
} from '../support/sample-app.js';

const TOLERANCE = 2;
const SESSION_MAX_LIFETIME = 60;
const prefix = uniqueKeyPrefix('token-outliving-session');
const clock = new TestClock();
/** The instance tokens are issued on, and one whose clock lags it by the whole tolerance. */
let issuing: RunningSample;
let lagging: RunningSample;

function instance(now: () => number): Promise<RunningSample> {
  return startAuthApp({
    store: { redis: REDIS_URL, keyPrefix: prefix },
    validateCredentials: async (username) => ({ sub: username, roles: [] }),
    accessTokenTtl: '15m',
    sessionMaxLifetime: SESSION_MAX_LIFETIME,
    clockToleranceSeconds: TOLERANCE,
    clock: now,
  });
}

beforeAll(async () => {
  issuing = await instance(clock.now);
  lagging = await instance(() => clock.now() - TOLERANCE * 1000);
});

afterAll(async () => {
  await issuing.close();
  await lagging.close();
  await deleteKeys(prefix);
});

beforeEach(() => {
  clock.reset();
});

const claimsOf = (pair: TokenPairBody): { iat: number; exp: number; sub: string } =>
  JSON.parse(Buffer.from(pair.accessToken.split('.')[1], 'base64url').toString());

describe('sessionMaxLifetime shorter than accessTokenTtl', () => {
  it('caps every access token 2 × the tolerance before its session ends, at login and on refresh', async () => {
    const first = await login(issuing, 'ann', 'pw');
    // In whole seconds, as exp is: the login's second plus the session's lifetime.
    const sessionEnd = claimsOf(first).iat + SESSION_MAX_LIFETIME;
    expect(claimsOf(first).exp).toBe(sessionEnd - 2 * TOLERANCE);
    expect(first.expiresIn).toBe(SESSION_MAX_LIFETIME - 2 * TOLERANCE);

    clock.advance(40_000);
    const second = await refreshPair(issuing, first.refreshToken);
    expect(claimsOf(second).exp).toBe(sessionEnd - 2 * TOLERANCE);
    expect(second.expiresIn).toBe(claimsOf(second).exp - claimsOf(second).iat);
    expect(second.expiresIn).toBeLessThanOrEqual(SESSION_MAX_LIFETIME - 40 - 2 * TOLERANCE);
    expect(second.refreshExpiresIn).toBeLessThanOrEqual(SESSION_MAX_LIFETIME - 40);
  });

  it('leaves no token accepted anywhere once the session has ended: nothing for logout-all to reach', async () => {
    const first = await login(issuing, 'bob', 'pw');
    clock.advance(50_000);
    const last = await refreshPair(issuing, first.refreshToken);
    for (const instance of [issuing, lagging]) {
      await instance.http().get('/me').set(bearer(last.accessToken)).expect(200);
    }

    clock.advance(10_000);
    for (const instance of [issuing, lagging]) {
      for (const pair of [first, last]) {
        expectAuthError(
          await instance.http().get('/me').set(bearer(pair.accessToken)),
          401,
          'token_expired',
        );
      }
    }
    expectAuthError(
      await issuing.http().post('/auth/refresh').send({ refreshToken: last.refreshToken }),
      401,
      'refresh_token_invalid',
    );
  });

  it('revokes a token by its session id, also when the session record is gone', async () => {
    // As a token issued before exp was capped: its session has expired, the token has not.
    const now = Math.floor(clock.now() / 1000);
    const orphan = forgeToken({
      payload: { sub: 'carol', sid: randomUUID(), jti: randomUUID(), iat: now, exp: now + 900 },
    });
    await lagging.http().get('/me').set(bearer(orphan)).expect(200);
    await issuing.http().post('/auth/logout').set(bearer(orphan)).expect(204);
    for (const instance of [issuing, lagging]) {
      expectAuthError(await instance.http().get('/me').set(bearer(orphan)), 401, 'token_revoked');
    }
  });
});
