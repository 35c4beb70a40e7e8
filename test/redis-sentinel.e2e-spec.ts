import { type INestApplicationContext } from '@nestjs/common';
import { Denylist } from 'nest-jwt-auth';
import { type RevocationMirror } from '../lib/denylist/revocation-mirror.js';
import { describeWithRedisBinaries } from './support/redis-binaries.js';
import { expectAuthError } from './support/expect-auth-error.js';
import { SENTINEL_MASTER_NAME, TestRedisSentinel } from './support/redis-sentinel.js';
import { uniqueKeyPrefix } from './support/redis.js';
import {
  type RunningSample,
  bearer,
  login,
  refreshPair,
  startSample,
} from './support/sample-app.js';
import { sidOf } from './support/token-claims.js';
import { startAuthContext } from './support/auth-context.js';

/**
 * The sample on Redis managed by Sentinel (a master, a replica and a Sentinel of this suite's
 * own), as `REDIS_SENTINELS` runs it: the module asks the Sentinel where the master is, and again
 * after a failover.
 */
describeWithRedisBinaries('a real Redis Sentinel setup', () => {
  let setup: TestRedisSentinel;
  let sample: RunningSample;
  /** A second instance, with the revocation mirror, on the same Sentinel-managed Redis. */
  let mirrored: INestApplicationContext;
  const prefix = uniqueKeyPrefix('sentinel');

  beforeAll(async () => {
    setup = await TestRedisSentinel.start();
    const redis = { sentinels: setup.sentinels, name: SENTINEL_MASTER_NAME };
    sample = await startSample({ redisSentinels: redis, redisKeyPrefix: prefix });
    mirrored = await startAuthContext({
      store: { redis, keyPrefix: prefix },
      revocationMirror: true,
    });
  }, 60_000);

  afterAll(async () => {
    await mirrored?.close();
    await sample?.close();
    await setup?.stop();
  });

  /** Polls until `check` holds, for at most `ms`. */
  async function within(ms: number, check: () => Promise<boolean> | boolean): Promise<void> {
    const deadline = Date.now() + ms;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error(`not within ${ms} ms`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  describe('on Redis with Sentinel', () => {
    it('follows a failover to the promoted replica and keeps every revocation', async () => {
      const revoked = await login(sample);
      const alive = await login(sample);
      await sample.http().post('/auth/logout').set(bearer(revoked.accessToken)).expect(204);
      expectAuthError(
        await sample.http().get('/me').set(bearer(revoked.accessToken)),
        401,
        'token_revoked',
      );
      await setup.waitForReplication();

      await setup.master.stop();
      const killedAt = Date.now();
      let status = 0;
      while (status !== 200 && Date.now() - killedAt < 20_000) {
        const [aliveResponse, revokedResponse] = await Promise.all([
          sample.http().get('/me').set(bearer(alive.accessToken)),
          sample.http().get('/me').set(bearer(revoked.accessToken)),
        ]);
        // While the master is gone: 503, never a pass.
        expect([401, 503]).toContain(revokedResponse.status);
        expect([200, 503]).toContain(aliveResponse.status);
        status = aliveResponse.status;
        if (status !== 200) await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(status).toBe(200);
      expect(await setup.masterPort()).toBe(setup.replica.port);
      console.log(
        `Sentinel failover: requests served again ${Date.now() - killedAt} ms after the master died`,
      );

      expectAuthError(
        await sample.http().get('/me').set(bearer(revoked.accessToken)),
        401,
        'token_revoked',
      );
      const next = await refreshPair(sample, alive.refreshToken);
      // The mirror's subscription followed the failover too: a logout after it reaches the mirror.
      const mirror = mirrored.get<RevocationMirror>(Denylist);
      await within(5_000, () => mirror.live);
      await sample.http().post('/auth/logout').set(bearer(next.accessToken)).expect(204);
      expectAuthError(
        await sample.http().get('/me').set(bearer(next.accessToken)),
        401,
        'token_revoked',
      );
      await within(100, () => mirror.has('user-1', [`sid:${sidOf(next.accessToken)}`]));
      expect(mirror.live).toBe(true);
      await login(sample, 'bob');
    });
  });
});
