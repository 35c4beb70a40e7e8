import 'reflect-metadata';
import { type INestApplicationContext } from '@nestjs/common';
import { jest } from '@jest/globals';
import { Redis } from 'ioredis';
import { AuthService, Denylist, RedisConnection, RedisDenylist } from 'nest-jwt-auth';
import { RevocationMirror } from '../lib/denylist/revocation-mirror.js';
import { REDIS_URL, deleteKeys, uniqueKeyPrefix } from './support/redis.js';
import { TestRedisServer } from './support/redis-server.js';
import { codeOf } from './support/auth-errors.js';
import { claimsOf } from './support/token-claims.js';
import { within } from './support/within.js';
import { expectRefusedWhileDeaf } from './support/mirror-outage.js';
import { startAuthContext } from './support/auth-context.js';

const prefix = uniqueKeyPrefix('mirror');
/**
 * How long a mirror may take to go live: its load SCANs the whole keyspace, which on a shared
 * Redis holding a million other keys takes seconds. What is timed tightly is what follows.
 */
const LOAD_MS = 10_000;
const contexts: INestApplicationContext[] = [];
let admin: Redis;

/** One app instance with the revocation mirror, on `redisUrl` under this suite's prefix. */
async function instance(redisUrl = REDIS_URL) {
  const context = await startAuthContext({
    store: { redis: redisUrl, keyPrefix: prefix },
    revocationMirror: true,
  });
  contexts.push(context);
  return {
    auth: context.get(AuthService),
    mirror: context.get<RevocationMirror>(Denylist),
    close: () => context.close(),
  };
}

beforeAll(() => {
  admin = new Redis(REDIS_URL);
});

afterEach(() => jest.restoreAllMocks());

afterAll(async () => {
  await Promise.all(contexts.map((context) => context.close()));
  admin.disconnect();
  await deleteKeys(prefix);
});

describe('the revocation mirror', () => {
  it('answers from memory, and learns a revocation made on another instance within 100 ms', async () => {
    const [a, b] = [await instance(), await instance()];
    await within(LOAD_MS, () => a.mirror.live && b.mirror.live);
    const { accessToken } = await a.auth.issueTokens({ sub: 'ann', roles: [] });
    const askRedis = jest.spyOn(RedisDenylist.prototype, 'has');
    expect((await b.auth.verifyAccessToken(accessToken)).sub).toBe('ann');
    expect(askRedis).not.toHaveBeenCalled();

    await a.auth.logout(claimsOf(accessToken));
    const took = await within(
      100,
      async () => (await codeOf(b.auth.verifyAccessToken(accessToken))) === 'token_revoked',
    );
    console.log(`revocation seen by the other instance after ${took.toFixed(1)} ms`);
    expect(await codeOf(a.auth.verifyAccessToken(accessToken))).toBe('token_revoked');
    expect(askRedis).not.toHaveBeenCalled();
  });

  it('loads the revocations made before it started', async () => {
    const a = await instance();
    const { accessToken } = await a.auth.issueTokens({ sub: 'bea', roles: [] });
    await a.auth.logout(claimsOf(accessToken));
    const late = await instance();
    await within(LOAD_MS, () => late.mirror.live);
    const askRedis = jest.spyOn(RedisDenylist.prototype, 'has');
    expect(await codeOf(late.auth.verifyAccessToken(accessToken))).toBe('token_revoked');
    expect(askRedis).not.toHaveBeenCalled();
  });

  it('asks Redis while its subscription is down, and resynchronises when it is back', async () => {
    const [a, b] = [await instance(), await instance()];
    await within(LOAD_MS, () => a.mirror.live && b.mirror.live);
    const { accessToken } = await a.auth.issueTokens({ sub: 'cid', roles: [] });
    await admin.call('CLIENT', 'KILL', 'TYPE', 'pubsub');
    await within(1000, () => !b.mirror.live);
    // Announced while b hears nothing: b must still refuse the token.
    await expectRefusedWhileDeaf(a, b, accessToken);
  });

  it('stops answering from memory within staleAfterMs when its subscription stalls silently', async () => {
    const [a, b] = [await instance(), await instance()];
    await within(LOAD_MS, () => a.mirror.live && b.mirror.live);
    const { accessToken } = await a.auth.issueTokens({ sub: 'dee', roles: [] });
    // The socket stays open but nothing is read from it: no close event, no messages.
    const subscriber = (b.mirror.feed as unknown as { subscriber: Redis }).subscriber;
    (subscriber as unknown as { stream: NodeJS.ReadableStream }).stream.pause();
    const took = await within(1000, () => !b.mirror.live);
    console.log(`stalled subscription noticed after ${took.toFixed(0)} ms`);
    expect(took).toBeLessThan(500);
    await a.auth.logout(claimsOf(accessToken));
    expect(await codeOf(b.auth.verifyAccessToken(accessToken))).toBe('token_revoked');
    (subscriber as unknown as { stream: NodeJS.ReadableStream }).stream.resume();
    await within(LOAD_MS, () => b.mirror.live);
  });

  it('answers 503 when Redis is down, never a pass from a stale mirror', async () => {
    const redis = await TestRedisServer.start();
    try {
      const a = await instance(redis.url);
      await within(LOAD_MS, () => a.mirror.live);
      const { accessToken } = await a.auth.issueTokens({ sub: 'eve', roles: [] });
      await redis.stop();
      await within(LOAD_MS, () => !a.mirror.live);
      expect(await codeOf(a.auth.verifyAccessToken(accessToken))).toBe('auth_store_unavailable');
      await a.close();
    } finally {
      await redis.stop();
    }
  });
});

/**
 * Revokes `count` sessions of `subject`, 200 at a time: thousands of transactions at once can
 * outlast the module's 1 s command timeout on a busy CI machine.
 */
async function addMany(mirror: RevocationMirror, subject: string, count: number, ttl: number) {
  for (let start = 0; start < count; start += 200) {
    const batch = Array.from({ length: Math.min(200, count - start) }, (_, i) => start + i);
    await Promise.all(batch.map((i) => mirror.add(subject, `sid:${i}`, ttl)));
  }
}

describe('heartbeats', () => {
  it('travel on each mirror’s own channel: the revocations channel carries revocations only', async () => {
    await Promise.all([instance(), instance()]);
    const listener = admin.duplicate();
    const messages: string[] = [];
    listener.on('message', (_channel: string, message: string) => messages.push(message));
    await listener.subscribe(`${prefix}revocations`);
    try {
      // Two mirrors beat ten times a second each.
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(messages.filter((message) => message.startsWith('ping'))).toEqual([]);
    } finally {
      listener.disconnect();
    }
  });
});

describe('loading the mirror', () => {
  it('stays off while a PTTL reply fails, then goes live with the revocation it could not read', async () => {
    const ownPrefix = uniqueKeyPrefix('mirror-load');
    const connection = new RedisConnection(REDIS_URL, ownPrefix);
    await connection.onModuleInit();
    await new RedisDenylist(connection).add('carol', 'sid:1', 60);
    // The load's own pipeline (given its commands) answers with failed replies; auto-pipelined
    // commands (no arguments) keep the real one.
    const pipeline = connection.client.pipeline.bind(connection.client);
    const failing = jest
      .spyOn(connection.client, 'pipeline')
      .mockImplementation((commands?: unknown[][]) => {
        const real = pipeline(commands as never);
        if (commands) {
          real.exec = () =>
            Promise.resolve(commands.map(() => [new Error('Command timed out'), null]));
        }
        return real;
      });
    const mirror = new RevocationMirror(connection, { heartbeatMs: 20, staleAfterMs: 100 });
    mirror.onModuleInit();
    try {
      await expect(within(500, () => mirror.live)).rejects.toThrow('not within 500 ms');
      expect(failing).toHaveBeenCalled();
      expect(mirror.hasNow('carol', ['sid:1'])).toBeUndefined();
      failing.mockRestore();
      await within(3000, () => mirror.live);
      expect(mirror.hasNow('carol', ['sid:1'])).toBe(true);
    } finally {
      mirror.onApplicationShutdown();
      await connection.onApplicationShutdown();
      await deleteKeys(ownPrefix);
    }
  });
});

describe('the mirror memory', () => {
  it('drops revocations when their TTL ends, and stays bounded by the live ones', async () => {
    // A prefix of its own: the revocations of the tests above would count otherwise.
    const ownPrefix = uniqueKeyPrefix('mirror-memory');
    const connection = new RedisConnection(REDIS_URL, ownPrefix);
    await connection.onModuleInit();
    const mirror = new RevocationMirror(connection);
    mirror.onModuleInit();
    try {
      await within(LOAD_MS, () => mirror.live);
      await addMany(mirror, 'short', 3000, 1);
      expect(await mirror.has('short', ['sid:0', 'sid:2999'])).toBe(true);
      await new Promise((resolve) => setTimeout(resolve, 1100));
      await within(1000, () => mirror.live);
      const askRedis = jest.spyOn(RedisDenylist.prototype, 'has');
      expect(await mirror.has('short', ['sid:0', 'sid:2999'])).toBe(false);
      expect(askRedis).not.toHaveBeenCalled();
      await addMany(mirror, 'long', 1000, 60);
      // A sweep runs about every second.
      await within(LOAD_MS, () => mirror.size === 1000);
      expect(await mirror.has('long', ['sid:999'])).toBe(true);
    } finally {
      mirror.onApplicationShutdown();
      await connection.onApplicationShutdown();
      await deleteKeys(ownPrefix);
    }
  });
});
