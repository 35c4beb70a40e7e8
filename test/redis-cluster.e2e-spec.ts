import { Redis } from 'ioredis';
import { Denylist } from 'nest-jwt-auth';
import { RevocationMirror } from '../lib/denylist/revocation-mirror.js';
import { describeWithRedisBinaries } from './support/redis-binaries.js';
import { expectAuthError } from './support/expect-auth-error.js';
import { expectSessionEnded } from './support/expect-session-ended.js';
import { TestRedisCluster } from './support/redis-cluster.js';
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
import { within } from './support/within.js';

/**
 * The sample on a real 3-master Redis Cluster of this suite's own (started and stopped here), as
 * `REDIS_CLUSTER_NODES` runs it. alice is `user-1` and bob `user-2`: every key of a user carries
 * the `{<sub>}` hash tag, so each user's keys live in one slot, and these two on different masters.
 */
describeWithRedisBinaries('a real 3-master Redis Cluster', () => {
  let cluster: TestRedisCluster;
  let east: RunningSample;
  let west: RunningSample;
  const prefix = uniqueKeyPrefix('cluster');

  const onCluster = () =>
    startSample({
      redisClusterNodes: cluster.nodes.map(({ host, port }) => `${host}:${port}`),
      redisKeyPrefix: prefix,
    });

  beforeAll(async () => {
    cluster = await TestRedisCluster.start();
    east = await onCluster();
    west = await onCluster();
  }, 60_000);

  afterAll(async () => {
    await east?.close();
    await west?.close();
    await cluster?.stop();
  });

  describe('on a Redis Cluster', () => {
    it('logs in, refreshes, lists sessions and logs out', async () => {
      const first = await login(east);
      await west.http().get('/me').set(bearer(first.accessToken)).expect(200);
      const next = await refreshPair(west, first.refreshToken);
      const sessions = (await east.http().get('/auth/sessions').set(bearer(next.accessToken))).body;
      expect(sessions.map((session: { id: string }) => session.id)).toContain(
        sidOf(first.accessToken),
      );

      await east.http().post('/auth/logout').set(bearer(next.accessToken)).expect(204);
      expectAuthError(
        await west.http().get('/me').set(bearer(next.accessToken)),
        401,
        'token_revoked',
      );
      await expectSessionEnded(west, next);
      expect((await east.http().get('/health').expect(200)).body.info).toEqual({
        auth_store: { status: 'up' },
      });
    });

    it('lets exactly one of 20 concurrent refreshes of one token succeed across 2 instances', async () => {
      const { refreshToken } = await login(east, 'bob');
      const responses = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          (i % 2 ? east : west).http().post('/auth/refresh').send({ refreshToken }),
        ),
      );
      const statuses = responses.map((response) => response.status).sort();
      expect(statuses).toEqual([200, ...Array(19).fill(401)]);
    });

    it("ends every session of a user on logout-all, and no one else's", async () => {
      const alice = [await login(east), await login(west)];
      const bob = await login(west, 'bob');
      await west.http().post('/auth/logout-all').set(bearer(alice[0].accessToken)).expect(204);
      for (const pair of alice) await expectSessionEnded(east, pair);
      await east.http().get('/me').set(bearer(bob.accessToken)).expect(200);
    });

    it("keeps each user's keys on one master", async () => {
      await login(east);
      await login(east, 'bob');
      const holders = async (sub: string) => {
        const ports: number[] = [];
        for (const { port } of cluster.nodes) {
          const client = new Redis({ port });
          const [, keys] = await client.scan('0', 'MATCH', `${prefix}{${sub}}:*`, 'COUNT', 10_000);
          client.disconnect();
          if (keys.length > 0) ports.push(port);
        }
        return ports;
      };
      const [alice, bob] = [await holders('user-1'), await holders('user-2')];
      expect(alice).toHaveLength(1);
      expect(bob).toHaveLength(1);
      expect(alice).not.toEqual(bob);
    });
  });

  describe('revocationMirror on a cluster', () => {
    it('is on by default, and goes live once it hears every node', async () => {
      const context = await startAuthContext({
        store: { redis: { cluster: cluster.nodes }, keyPrefix: prefix },
      });
      try {
        const mirror = context.get<RevocationMirror>(Denylist);
        expect(mirror).toBeInstanceOf(RevocationMirror);
        await within(5000, () => mirror.live);
      } finally {
        await context.close();
      }
    });
  });

  describe('when one master of the cluster dies', () => {
    it("answers 503 for that master's users only, and heals without ever accepting a revoked token", async () => {
      const revoked = await login(east);
      const alive = await login(east);
      const bob = await login(east, 'bob');
      await east.http().post('/auth/logout').set(bearer(revoked.accessToken)).expect(204);

      const aliceMaster = await cluster.masterOf('{user-1}');
      expect(await cluster.masterOf('{user-2}')).not.toBe(aliceMaster);
      await aliceMaster.stop();
      try {
        for (const app of [east, west]) {
          expectAuthError(
            await app.http().get('/me').set(bearer(revoked.accessToken)),
            503,
            'auth_store_unavailable',
          );
          expectAuthError(
            await app.http().get('/me').set(bearer(alive.accessToken)),
            503,
            'auth_store_unavailable',
          );
          expectAuthError(
            await app.http().post('/auth/logout').set(bearer(alive.accessToken)),
            503,
            'auth_store_unavailable',
          );
          // bob's keys are on a master that is up.
          await app.http().get('/me').set(bearer(bob.accessToken)).expect(200);
        }
      } finally {
        await aliceMaster.resume();
      }

      await cluster.waitUntilHealthy();
      const backAt = Date.now();
      const deadline = backAt + 10_000;
      let status = 0;
      while (status !== 200 && Date.now() < deadline) {
        const [aliveResponse, revokedResponse] = await Promise.all([
          east.http().get('/me').set(bearer(alive.accessToken)),
          east.http().get('/me').set(bearer(revoked.accessToken)),
        ]);
        expect([401, 503]).toContain(revokedResponse.status);
        status = aliveResponse.status;
        if (status !== 200) await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(status).toBe(200);
      console.log(`cluster master back: requests healed within ${Date.now() - backAt} ms`);
      for (const app of [east, west]) {
        expectAuthError(
          await app.http().get('/me').set(bearer(revoked.accessToken)),
          401,
          'token_revoked',
        );
        await app.http().get('/me').set(bearer(alive.accessToken)).expect(200);
      }
      await refreshPair(west, alive.refreshToken);
    });
  });
});
