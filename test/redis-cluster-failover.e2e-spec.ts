import { type AuthUser } from 'nest-jwt-auth';
import { describeWithRedisBinaries } from './support/redis-binaries.js';
import { expectAuthError } from './support/expect-auth-error.js';
import { startAuthApp } from './support/auth-app.js';
import { TestRedisCluster } from './support/redis-cluster.js';
import { type TestRedisServer } from './support/redis-server.js';
import { uniqueKeyPrefix } from './support/redis.js';
import { type RunningSample, type TokenPairBody, bearer } from './support/sample-app.js';
import { within } from './support/within.js';

/** How long after the promotion is visible the failed-over users may still get 503s. */
const HEALED_WITHIN_MS = 5000;

/**
 * A master of a real Redis Cluster (3 masters, a replica each) fails over while the module runs
 * without the revocation mirror, so nothing but the module's own cluster client follows the new
 * layout. Users whose keys hash to the failed-over slots must be served again within
 * {@link HEALED_WITHIN_MS} of the promotion, and a revoked token of theirs must never pass.
 * `user-1`, `user-2` and `user-4` hash to slots of three different masters: one per scenario.
 */
describeWithRedisBinaries('a Redis Cluster failover without the revocation mirror', () => {
  let cluster: TestRedisCluster;
  let app: RunningSample;
  const prefix = uniqueKeyPrefix('cluster-failover');

  beforeAll(async () => {
    cluster = await TestRedisCluster.start(3, 1);
    app = await startAuthApp({
      store: { redis: { cluster: cluster.nodes }, keyPrefix: prefix },
      revocationMirror: false,
      validateCredentials: async (sub): Promise<AuthUser> => ({ sub, roles: [] }),
    });
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    await cluster?.stop();
  });

  const login = async (sub: string): Promise<TokenPairBody> =>
    (await app.http().post('/auth/login').send({ username: sub, password: 'pw' }).expect(200)).body;

  /** Login, guard check, refresh and logout of `sub`, each of which must succeed. */
  async function serves(sub: string): Promise<boolean> {
    const loggedIn = await app.http().post('/auth/login').send({ username: sub, password: 'pw' });
    if (loggedIn.status !== 200) return false;
    const pair = loggedIn.body as TokenPairBody;
    if ((await app.http().get('/me').set(bearer(pair.accessToken))).status !== 200) return false;
    const refreshed = await app
      .http()
      .post('/auth/refresh')
      .send({ refreshToken: pair.refreshToken });
    if (refreshed.status !== 200) return false;
    const next = refreshed.body as TokenPairBody;
    const logout = await app.http().post('/auth/logout').set(bearer(next.accessToken));
    if (logout.status !== 204) return false;
    return (await app.http().get('/me').set(bearer(next.accessToken))).status === 401;
  }

  /**
   * Revokes a token of `sub`, then fails its master over with `failOver` while a loop keeps
   * presenting the revoked token and another loop serves a user on another master. Returns how
   * long after the promotion `sub` was served again.
   */
  async function healsAfter(
    sub: string,
    bystander: string,
    failOver: (master: TestRedisServer, key: string) => Promise<TestRedisServer>,
  ): Promise<number> {
    const revoked = await login(sub);
    await app.http().post('/auth/logout').set(bearer(revoked.accessToken)).expect(204);
    const other = await login(bystander);
    const revokedAnswers = new Map<number, number>();
    const bystanderAnswers = new Map<number, number>();
    const count = (answers: Map<number, number>, status: number) =>
      answers.set(status, (answers.get(status) ?? 0) + 1);
    let checking = true;
    const checkers = Promise.all([
      (async () => {
        while (checking) {
          const response = await app.http().get('/me').set(bearer(revoked.accessToken));
          if (response.status === 401) expectAuthError(response, 401, 'token_revoked');
          if (response.status === 503) expectAuthError(response, 503, 'auth_store_unavailable');
          count(revokedAnswers, response.status);
        }
      })(),
      (async () => {
        while (checking) {
          count(
            bystanderAnswers,
            (await app.http().get('/me').set(bearer(other.accessToken))).status,
          );
        }
      })(),
    ]);
    let healedAfter: number;
    try {
      const master = await cluster.masterOf(`{${sub}}`);
      expect(await failOver(master, `{${sub}}`)).not.toBe(master);
      await within(HEALED_WITHIN_MS, () => serves(sub)).catch(() => undefined);
      healedAfter = Date.now() - cluster.promotedAt;
      console.log(
        `cluster failover of ${sub}'s master: served again ${healedAfter} ms after the promotion`,
      );
      expect(await serves(sub)).toBe(true);
      expect(await serves(sub)).toBe(true);
    } finally {
      checking = false;
      await checkers;
    }
    console.log(
      `meanwhile the revoked token got ${JSON.stringify([...revokedAnswers])}, ` +
        `${bystander} on another master ${JSON.stringify([...bystanderAnswers])}`,
    );
    expect([...revokedAnswers.keys()].sort()).toEqual(expect.arrayContaining([401]));
    expect([...revokedAnswers.keys()].filter((status) => status !== 401 && status !== 503)).toEqual(
      [],
    );
    expect([...bystanderAnswers.keys()]).toEqual([200]);
    return healedAfter;
  }

  it('serves the users of a killed master again within 5 s of its replica’s promotion, never accepting a revoked token', async () => {
    expect(
      await healsAfter('user-1', 'user-2', (master, key) => cluster.killAndFailOver(master, key)),
    ).toBeLessThanOrEqual(HEALED_WITHIN_MS);
  }, 40_000);

  it('serves them again within 5 s after a manual CLUSTER FAILOVER, where the old master answers MOVED', async () => {
    expect(
      await healsAfter('user-2', 'user-4', (master, key) => cluster.failOver(master, key)),
    ).toBeLessThanOrEqual(HEALED_WITHIN_MS);
  }, 40_000);

  it('serves them again within 5 s when the master hangs with its connections open', async () => {
    expect(
      await healsAfter('user-4', 'user-1', (master, key) => cluster.freezeAndFailOver(master, key)),
    ).toBeLessThanOrEqual(HEALED_WITHIN_MS);
  }, 40_000);
});
