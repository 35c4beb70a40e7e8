import { type INestApplication } from '@nestjs/common';
import { AuthService, Denylist } from 'nest-jwt-auth';
import { startAuthApp } from './support/auth-app.js';
import { expectAuthError } from './support/expect-auth-error.js';
import { forgeToken, validClaims } from './support/forge-token.js';
import { recordMetrics, type RecordedMetrics } from './support/metric-reader.js';
import { deleteKeys, REDIS_URL, uniqueKeyPrefix } from './support/redis.js';
import { TestRedisServer } from './support/redis-server.js';
import { bearer, type RunningSample, type TokenPairBody } from './support/sample-app.js';
import { sidOf } from './support/token-claims.js';

/** Options under which the forged tokens of forge-token.ts verify. */
const OPTIONS = {
  issuer: 'nest-jwt-auth-sample',
  audience: 'sample-api',
  validateCredentials: async (username: string, password: string) =>
    password === 'right' ? { sub: username, roles: ['user'] } : null,
};

async function waitUntilLive(app: INestApplication): Promise<void> {
  const mirror = app.get<{ live: boolean }>(Denylist);
  const started = Date.now();
  while (!mirror.live) {
    if (Date.now() - started > 5000) throw new Error('the revocation mirror never went live');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('metrics, recorded through the app’s MeterProvider', () => {
  const keyPrefix = uniqueKeyPrefix('metrics');
  let metrics: RecordedMetrics;
  let app: RunningSample;

  beforeAll(async () => {
    metrics = recordMetrics();
    app = await startAuthApp({
      ...OPTIONS,
      store: { redis: REDIS_URL, keyPrefix },
      metrics: { meterProvider: metrics.meterProvider },
    });
    await waitUntilLive(app.app);
  });

  afterAll(async () => {
    await app?.close();
    await metrics?.shutdown();
    await deleteKeys(keyPrefix);
  });

  const logIn = (password = 'right') =>
    app.http().post('/auth/login').send({ username: 'ann', password });
  const me = (token?: string) => {
    const call = app.http().get('/me');
    return token === undefined ? call : call.set(bearer(token));
  };
  const authentications = (outcome: string) =>
    metrics.value('nest_jwt_auth.authentications', { outcome });
  /** What `count` reads after `act` minus before. */
  async function delta(count: () => Promise<number>, act: () => Promise<unknown>) {
    const before = await count();
    await act();
    return (await count()) - before;
  }

  it('counts a login, a failed login, a refresh, a reuse, a logout and a revoked session', async () => {
    const first = (await logIn().expect(200)).body as TokenPairBody;
    expect((await logIn('wrong')).status).toBe(401);
    await app.http().post('/auth/refresh').send({ refreshToken: first.refreshToken }).expect(200);
    const reused = await app
      .http()
      .post('/auth/refresh')
      .send({ refreshToken: first.refreshToken });
    expectAuthError(reused, 401, 'refresh_token_reused');
    const second = (await logIn().expect(200)).body as TokenPairBody;
    await app.http().post('/auth/logout').set(bearer(second.accessToken)).expect(204);
    const third = (await logIn().expect(200)).body as TokenPairBody;
    await expect(app.app.get(AuthService).revokeSession(sidOf(third.accessToken))).resolves.toBe(
      true,
    );

    expect(await metrics.value('nest_jwt_auth.logins', { outcome: 'ok' })).toBe(3);
    expect(await metrics.value('nest_jwt_auth.logins', { outcome: 'failed' })).toBe(1);
    expect(await metrics.value('nest_jwt_auth.refreshes')).toBe(1);
    expect(await metrics.value('nest_jwt_auth.refresh_token.reuses')).toBe(1);
    expect(await metrics.value('nest_jwt_auth.logouts')).toBe(1);
    expect(await metrics.value('nest_jwt_auth.session.revocations')).toBe(1);
    // Every login, refresh and logout went to Redis, and timed it.
    expect(await metrics.value('nest_jwt_auth.store.duration', { outcome: 'ok' })).toBeGreaterThan(
      5,
    );
    expect(await metrics.value('nest_jwt_auth.store.errors')).toBe(0);
  });

  it('counts each authentication by its outcome and times it', async () => {
    const { accessToken } = (await logIn().expect(200)).body as TokenPairBody;
    const expired = forgeToken({
      payload: validClaims({ exp: Math.floor(Date.now() / 1000) - 60 }),
    });
    const timed = () => metrics.value('nest_jwt_auth.authentication.duration');
    const counted = () => metrics.value('nest_jwt_auth.authentications');
    const [timedBefore, countedBefore] = [await timed(), await counted()];

    expect(
      await delta(
        () => authentications('ok'),
        () => me(accessToken).expect(200),
      ),
    ).toBe(1);
    expect(
      await delta(
        () => authentications('ok'),
        () => me(accessToken).expect(200),
      ),
    ).toBe(1);
    expect(
      await delta(
        () => authentications('token_missing'),
        () => me().expect(401),
      ),
    ).toBe(1);
    expect(
      await delta(
        () => authentications('token_malformed'),
        () => me('x.y').expect(401),
      ),
    ).toBe(1);
    const forged = forgeToken({ secret: 'not the secret of this app, but long enough to pass' });
    expect(
      await delta(
        () => authentications('token_invalid'),
        () => me(forged).expect(401),
      ),
    ).toBe(1);
    expect(
      await delta(
        () => authentications('token_expired'),
        () => me(expired).expect(401),
      ),
    ).toBe(1);
    await app.http().post('/auth/logout').set(bearer(accessToken)).expect(204);
    expect(
      await delta(
        () => authentications('token_revoked'),
        () => me(accessToken).expect(401),
      ),
    ).toBe(1);
    // The seven above, and logout's (its route has a guard of its own besides the global one).
    expect((await counted()) - countedBefore).toBeGreaterThanOrEqual(8);
    expect((await timed()) - timedBefore).toBe((await counted()) - countedBefore);
  });

  it('counts one cache lookup per verification: a miss for a new token, then hits', async () => {
    const { accessToken } = (await logIn().expect(200)).body as TokenPairBody;
    const hits = () => metrics.value('nest_jwt_auth.token_cache.hits');
    const misses = () => metrics.value('nest_jwt_auth.token_cache.misses');
    expect(await delta(misses, () => me(accessToken).expect(200))).toBe(1);
    expect(await delta(hits, () => me(accessToken).expect(200))).toBe(1);
    expect(await delta(misses, () => me(accessToken).expect(200))).toBe(0);
  });

  it('reports the revocation mirror live, its lag within what it tolerates, and its size', async () => {
    await waitUntilLive(app.app);
    expect(await metrics.value('nest_jwt_auth.revocation_mirror.live')).toBe(1);
    const lag = await metrics.value('nest_jwt_auth.revocation_mirror.lag');
    expect(lag).toBeGreaterThanOrEqual(0);
    expect(lag).toBeLessThan(0.35);
    // The sessions ended above are denied, each for as long as its tokens could be used.
    expect(await metrics.value('nest_jwt_auth.revocation_mirror.revocations')).toBeGreaterThan(0);
  });
});

describe('metrics when Redis is down', () => {
  it('count the store errors and the 503 refusals they cause', async () => {
    const redis = await TestRedisServer.start();
    await redis.stop();
    const metrics = recordMetrics();
    const app = await startAuthApp({
      ...OPTIONS,
      store: { redis: redis.url },
      metrics: { meterProvider: metrics.meterProvider },
    });
    try {
      expectAuthError(
        await app.http().get('/me').set(bearer(forgeToken())),
        503,
        'auth_store_unavailable',
      );
      expectAuthError(
        await app.http().post('/auth/login').send({ username: 'ann', password: 'right' }),
        503,
        'auth_store_unavailable',
      );
      expect(
        await metrics.value('nest_jwt_auth.authentications', { outcome: 'auth_store_unavailable' }),
      ).toBe(1);
      expect(await metrics.value('nest_jwt_auth.store.errors')).toBe(2);
      expect(await metrics.value('nest_jwt_auth.store.duration', { outcome: 'error' })).toBe(2);
      expect(await metrics.value('nest_jwt_auth.revocation_mirror.live')).toBe(0);
      expect(await metrics.value('nest_jwt_auth.logins')).toBe(0);
    } finally {
      await app.close();
      await metrics.shutdown();
    }
  });
});
