import 'reflect-metadata';
import { type INestApplicationContext } from '@nestjs/common';
import { jest } from '@jest/globals';
import { Redis } from 'ioredis';
import { AuthService, Denylist, RedisDenylist } from 'nest-jwt-auth';
import { type RevocationMirror } from '../lib/denylist/revocation-mirror.js';
import { codeOf } from './support/auth-errors.js';
import { startAuthContext } from './support/auth-context.js';
import { describeWithRedisBinaries } from './support/redis-binaries.js';
import { TestRedisCluster } from './support/redis-cluster.js';
import { type TestRedisServer } from './support/redis-server.js';
import { uniqueKeyPrefix } from './support/redis.js';
import { claimsOf } from './support/token-claims.js';
import { within } from './support/within.js';
import { expectRefusedWhileDeaf } from './support/mirror-outage.js';

/**
 * The revocation mirror on a real Redis Cluster of 3 masters with a replica each, shared by two
 * module instances: revocations reach the other instance through its subscription to every node,
 * a failover never lets a revoked token in, and checks go to Redis whenever a node's
 * subscription is not proven current.
 */
describeWithRedisBinaries('the revocation mirror on a Redis Cluster', () => {
  let cluster: TestRedisCluster;
  const contexts: INestApplicationContext[] = [];
  const prefix = uniqueKeyPrefix('cluster-mirror');

  /** One app instance, the mirror on by default. */
  async function instance() {
    const context = await startAuthContext({
      store: { redis: { cluster: cluster.nodes }, keyPrefix: prefix },
    });
    contexts.push(context);
    const mirror = context.get<RevocationMirror>(Denylist);
    await within(5000, () => mirror.live);
    return { auth: context.get(AuthService), mirror };
  }

  let a: Awaited<ReturnType<typeof instance>>;
  let b: Awaited<ReturnType<typeof instance>>;

  /** A fresh access token of `sub`, issued on instance a. */
  const tokenOf = async (sub: string) => (await a.auth.issueTokens({ sub, roles: [] })).accessToken;

  beforeAll(async () => {
    cluster = await TestRedisCluster.start(3, 1);
    [a, b] = [await instance(), await instance()];
  }, 60_000);

  afterEach(() => jest.restoreAllMocks());

  afterAll(async () => {
    await Promise.all(contexts.map((context) => context.close()));
    await cluster?.stop();
  });

  it('is on by default, and learns a revocation made on the other instance within 100 ms, on every master', async () => {
    // user-1, user-2 and user-4 hash to slots of three different masters.
    const masters = new Set(
      await Promise.all(['{user-1}', '{user-2}', '{user-4}'].map((key) => cluster.masterOf(key))),
    );
    expect(masters.size).toBe(3);
    const askRedis = jest.spyOn(RedisDenylist.prototype, 'has');
    for (const sub of ['user-1', 'user-2', 'user-4']) {
      const accessToken = await tokenOf(sub);
      await within(1000, () => b.mirror.live);
      expect((await b.auth.verifyAccessToken(accessToken)).sub).toBe(sub);
      await a.auth.logout(claimsOf(accessToken));
      const took = await within(
        1000,
        async () => (await codeOf(b.auth.verifyAccessToken(accessToken))) === 'token_revoked',
      );
      console.log(
        `cluster: ${sub}'s revocation seen by the other instance after ${took.toFixed(1)} ms`,
      );
      expect(took).toBeLessThan(100);
    }
    expect(askRedis).not.toHaveBeenCalled();
  });

  it('asks Redis while a node’s subscription is down, and answers from memory again once resubscribed', async () => {
    const accessToken = await tokenOf('user-2');
    const node = await cluster.masterOf('{user-2}');
    const admin = new Redis({ port: node.port });
    try {
      await admin.call('CLIENT', 'KILL', 'TYPE', 'pubsub');
    } finally {
      admin.disconnect();
    }
    await within(1000, () => !b.mirror.live);
    // Announced while b does not hear that node: b must still refuse the token.
    await expectRefusedWhileDeaf(a, b, accessToken);
  });

  it('stops answering from memory within 350 ms when one node’s subscription stalls silently', async () => {
    const node = await cluster.masterOf('{user-4}');
    const subscriptions = (
      b.mirror.feed as unknown as { subscriptions: Map<string, { redis: Redis }> }
    ).subscriptions;
    const stream = (
      subscriptions.get(`127.0.0.1:${node.port}`)!.redis as unknown as {
        stream: NodeJS.ReadableStream;
      }
    ).stream;
    stream.pause();
    try {
      const took = await within(1000, () => !b.mirror.live);
      console.log(`cluster: stalled subscription noticed after ${took.toFixed(0)} ms`);
      expect(took).toBeLessThan(500);
      const accessToken = await tokenOf('user-4');
      await a.auth.logout(claimsOf(accessToken));
      expect(await codeOf(b.auth.verifyAccessToken(accessToken))).toBe('token_revoked');
    } finally {
      stream.resume();
    }
    await within(2000, () => b.mirror.live);
  });

  /**
   * Revokes a token of `sub` on a, then keeps checking it on b while `failOver` hands its
   * master's slots to a replica: b must never accept it. Then a revocation written on the new
   * master must reach b's mirror as fast as before.
   */
  async function checkThroughFailover(
    sub: string,
    failOver: (master: TestRedisServer, key: string) => Promise<TestRedisServer>,
  ) {
    const revoked = await tokenOf(sub);
    await a.auth.logout(claimsOf(revoked));
    await within(
      1000,
      async () => (await codeOf(b.auth.verifyAccessToken(revoked))) === 'token_revoked',
    );
    const outcomes = new Map<string, number>();
    let checking = true;
    const checker = (async () => {
      while (checking) {
        const code = await codeOf(b.auth.verifyAccessToken(revoked));
        outcomes.set(code, (outcomes.get(code) ?? 0) + 1);
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    const started = Date.now();
    try {
      const master = await cluster.masterOf(`{${sub}}`);
      expect(await failOver(master, `{${sub}}`)).not.toBe(master);
      await within(10_000, () => b.mirror.live);
      console.log(`cluster: failed over, mirror live again after ${Date.now() - started} ms`);
      // a's own client follows the failover within about a second: till then it answers 503.
      let later = '';
      await within(5000, async () => {
        later = await tokenOf(sub).catch(() => '');
        return later !== '' && (await codeOf(a.auth.logout(claimsOf(later)))) === 'no error';
      });
      const askRedis = jest.spyOn(RedisDenylist.prototype, 'has');
      const took = await within(
        1000,
        async () => (await codeOf(b.auth.verifyAccessToken(later))) === 'token_revoked',
      );
      expect(took).toBeLessThan(100);
      expect(askRedis).not.toHaveBeenCalled();
    } finally {
      checking = false;
      await checker;
    }
    console.log(`cluster: checks of a revoked token meanwhile: ${JSON.stringify([...outcomes])}`);
    expect(outcomes.get('token_revoked')).toBeGreaterThan(0);
    expect([...outcomes.keys()].filter((code) => code !== 'auth_store_unavailable')).toEqual([
      'token_revoked',
    ]);
  }

  it('never accepts a revoked token during a manual failover, where no connection closes', async () => {
    await checkThroughFailover('user-2', (master, key) => cluster.failOver(master, key));
  }, 30_000);

  it('never accepts a revoked token while a master is killed and its replica takes over', async () => {
    await checkThroughFailover('user-1', (master, key) => cluster.killAndFailOver(master, key));
  }, 30_000);
});
