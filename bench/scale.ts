// `npm run bench -- --scale`: the figures docs/sizing.md works from, on a redis-server of its own
// (started on a free port, never the shared one, so that a million keys and INFO memory are
// this run's alone). Run with --expose-gc (run.ts does) so that heap figures follow a full GC.
//   1. the revocation mirror's load time and heap at 100 k and 1 M live revocations;
//   2. Redis memory per session (INFO used_memory and MEMORY USAGE) at 100 k sessions;
//   3. GET /auth/sessions (Express) for a user with 1,000 sessions;
//   4. login, refresh and logout throughput of AuthService in-process, and Redis commands per
//      call.
import { type ChildProcess, spawn } from 'node:child_process';
import { type AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { NestFactory } from '@nestjs/core';
import { Redis } from 'ioredis';
import {
  type AccessTokenClaims,
  AuthModule,
  type AuthModuleOptions,
  AuthService,
  Denylist,
  type TokenPair,
} from 'nest-jwt-auth';
import { BENCH_SECRET } from './bench-configs.js';
import { freePort } from './free-port.js';

const keyPrefix = 'scale:';
const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);

async function startRedis(): Promise<{ url: string; server: ChildProcess }> {
  const port = await freePort();
  const server = spawn(
    'redis-server',
    ['--port', String(port), '--save', '', '--appendonly', 'no'],
    {
      stdio: 'ignore',
    },
  );
  const url = `redis://127.0.0.1:${port}`;
  const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0 });
  // Refused until the server listens: the pings below find out when it does.
  probe.on('error', () => undefined);
  for (let attempt = 0; attempt < 100; attempt++) {
    if (await probe.ping().catch(() => undefined)) break;
    await sleep(50);
  }
  probe.disconnect();
  return { url, server };
}

async function usedMemory(redis: Redis): Promise<number> {
  const info = await redis.info('memory');
  return Number(/used_memory:(\d+)/.exec(info)![1]);
}

/** Commands Redis has run (those inside scripts too), and its CPU time so far in µs. */
async function redisWork(redis: Redis): Promise<{ commands: number; cpuMicros: number }> {
  const info = await redis.info();
  const field = (name: string) => Number(new RegExp(`${name}:([\\d.]+)`).exec(info)![1]);
  return {
    commands: field('total_commands_processed'),
    cpuMicros: (field('used_cpu_user') + field('used_cpu_sys')) * 1e6,
  };
}

/** What `work` cost Redis per call: commands and CPU µs (the INFO calls themselves left out). */
async function redisCostOf(redis: Redis, work: () => Promise<{ calls: number }>) {
  const before = await redisWork(redis);
  const { calls } = await work();
  const after = await redisWork(redis);
  return {
    commands: (after.commands - before.commands - 1) / calls,
    cpuMicros: (after.cpuMicros - before.cpuMicros) / calls,
  };
}

const heapUsed = () => {
  gc();
  return process.memoryUsage().heapUsed;
};

const startAuth = (url: string, options: Partial<AuthModuleOptions> = {}) =>
  NestFactory.createApplicationContext(
    AuthModule.forRoot({
      secret: BENCH_SECRET,
      store: { redis: url, keyPrefix },
      controller: false,
      validateCredentials: async (username) => ({ sub: username, roles: ['user'] }),
      ...options,
    }),
    { logger: ['error'] },
  );

/** ms from asking for the app until its mirror is live, and the heap it then holds. */
async function mirrorStart(url: string): Promise<{ ms: number; heap: number }> {
  const before = heapUsed();
  const started = performance.now();
  const app = await startAuth(url);
  const mirror = app.get<{ live: boolean }>(Denylist);
  while (!mirror.live) await sleep(5);
  const ms = performance.now() - started;
  const heap = heapUsed() - before;
  await app.close();
  return { ms, heap };
}

/** `count` live revocations of sessions, as the module writes them, one hour to live. */
async function writeRevocations(redis: Redis, count: number): Promise<void> {
  for (let start = 0; start < count; start += 10_000) {
    const batch = redis.pipeline();
    for (let i = start; i < Math.min(count, start + 10_000); i++) {
      batch.set(
        `${keyPrefix}{user-${i % 100_000}}:deny:sid:${i.toString(36).padStart(8, '0')}-s`,
        '1',
        'EX',
        3600,
      );
    }
    await batch.exec();
  }
}

async function mirrorFigures(url: string, redis: Redis) {
  const rows = [];
  await redis.flushall();
  const empty = await mirrorStart(url);
  const startColumn = `mirror start, ms (empty: ${Math.round(empty.ms)})`;
  for (const count of [100_000, 1_000_000]) {
    await redis.flushall();
    const memoryBefore = await usedMemory(redis);
    await writeRevocations(redis, count);
    const redisBytes = (await usedMemory(redis)) - memoryBefore;
    const loaded = await mirrorStart(url);
    rows.push({
      'live revocations': count.toLocaleString('en-US'),
      [startColumn]: Math.round(loaded.ms),
      'mirror heap, MB': Number(((loaded.heap - empty.heap) / 1e6).toFixed(1)),
      'heap B/revocation': Math.round((loaded.heap - empty.heap) / count),
      'Redis B/revocation': Math.round(redisBytes / count),
    });
  }
  await redis.flushall();
  return rows;
}

const inWorkers = (count: number, work: (worker: number) => Promise<void>) =>
  Promise.all(Array.from({ length: count }, (_, worker) => work(worker)));

/** Runs `work` from `concurrency` workers until `seconds` have passed; calls per second. */
async function throughput(
  seconds: number,
  concurrency: number,
  work: (worker: number) => Promise<unknown>,
) {
  let calls = 0;
  const until = performance.now() + seconds * 1000;
  await inWorkers(concurrency, async (worker) => {
    while (performance.now() < until) {
      await work(worker);
      calls++;
    }
  });
  return { calls, perSecond: calls / seconds };
}

/** The claims of `count` new sessions of 20 users, for logout to end. */
async function sessionsToEnd(auth: AuthService, count: number) {
  const claims: AccessTokenClaims[] = [];
  await inWorkers(20, async (worker) => {
    for (let i = worker; i < count; i += 20) {
      const pair = (await auth.login(`leaver-${worker}`, 'password')) as TokenPair;
      claims.push(await auth.verifyAccessToken(pair.accessToken));
    }
  });
  return claims;
}

async function sessionFigures(url: string, redis: Redis) {
  await redis.flushall();
  const app = await startAuth(url, { revocationMirror: false });
  const auth = app.get(AuthService);
  const memoryBefore = await usedMemory(redis);
  const count = 100_000;
  let next = 0;
  await Promise.all(
    Array.from({ length: 50 }, async () => {
      while (next < count) {
        const i = next++;
        await auth.issueTokens(
          { sub: `user-${i % 20_000}`, roles: ['user'] },
          { userAgent: 'bench', ip: '127.0.0.1' },
        );
      }
    }),
  );
  const perSession = ((await usedMemory(redis)) - memoryBefore) / count;
  const [sessionKey] = (await redis.keys(`${keyPrefix}{user-7}:session:*`)).filter(
    (key) => !key.endsWith(':spent'),
  );
  const sid = sessionKey.split(':session:')[1];
  const usage = async (key: string) => Number(await redis.call('MEMORY', 'USAGE', key));
  const memoryUsage = {
    'session hash': await usage(sessionKey),
    'session-owner string': await usage(`${keyPrefix}session-owner:${sid}`),
    "user's sessions set (5 sessions)": await usage(`${keyPrefix}{user-7}:sessions`),
  };
  await app.close();
  await redis.flushall();
  return { perSession, memoryUsage };
}

async function listFigures(url: string, redis: Redis) {
  await redis.flushall();
  const app = await NestFactory.create(
    AuthModule.forRoot({
      secret: BENCH_SECRET,
      store: { redis: url, keyPrefix },
      revocationMirror: false,
    }),
    { logger: ['error'] },
  );
  await app.listen(0, '127.0.0.1');
  const auth = app.get(AuthService);
  let accessToken = '';
  for (let i = 0; i < 1000; i++) {
    ({ accessToken } = await auth.issueTokens(
      { sub: 'heavy', roles: ['user'] },
      { userAgent: 'bench', ip: '127.0.0.1' },
    ));
  }
  const { port } = app.getHttpServer().address() as AddressInfo;
  const times: number[] = [];
  let bytes = 0;
  let sessions = 0;
  for (let i = 0; i < 30; i++) {
    const started = performance.now();
    const response = await fetch(`http://127.0.0.1:${port}/auth/sessions`, {
      headers: { authorization: `Bearer ${accessToken}` },
    });
    const body = await response.text();
    times.push(performance.now() - started);
    bytes = body.length;
    sessions = (JSON.parse(body) as unknown[]).length;
  }
  await app.close();
  await redis.flushall();
  times.sort((a, b) => a - b);
  return {
    sessions,
    'p50 ms': times[15].toFixed(1),
    'max ms': times[29].toFixed(1),
    'body KB': (bytes / 1024).toFixed(0),
  };
}

async function flowFigures(url: string, redis: Redis) {
  await redis.flushall();
  const app = await startAuth(url);
  const auth = app.get(AuthService);
  let logins = { calls: 0, perSecond: 0 };
  const login = await redisCostOf(redis, async () => {
    logins = await throughput(3, 20, (worker) => auth.login(`user-${worker}`, 'password'));
    return logins;
  });
  const tokens = await Promise.all(
    Array.from({ length: 20 }, async (_, worker) => {
      const pair = await auth.login(`refresher-${worker}`, 'password');
      return (pair as { refreshToken: string }).refreshToken;
    }),
  );
  let refreshes = { calls: 0, perSecond: 0 };
  const refresh = await redisCostOf(redis, async () => {
    refreshes = await throughput(3, 20, async (worker) => {
      tokens[worker] = (await auth.refresh(tokens[worker])).refreshToken;
    });
    return refreshes;
  });
  const ending = await sessionsToEnd(auth, 2_000);
  let logouts = { calls: 0, perSecond: 0 };
  const logout = await redisCostOf(redis, async () => {
    const started = performance.now();
    await inWorkers(20, async () => {
      for (let claims = ending.pop(); claims; claims = ending.pop()) await auth.logout(claims);
    });
    logouts = { calls: 2_000, perSecond: 2_000 / ((performance.now() - started) / 1000) };
    return logouts;
  });
  // Reuse detection keeps each rotated refresh token's hash (docs/sessions.md#reuse-detection).
  const [spentKey] = await redis.keys(`${keyPrefix}{refresher-0}:session:*:spent`);
  const spent = {
    'rotated tokens kept': await redis.zcard(spentKey),
    'bytes each': Math.round(
      Number(await redis.call('MEMORY', 'USAGE', spentKey)) / (await redis.zcard(spentKey)),
    ),
  };
  await app.close();
  await redis.flushall();
  const row = (call: string, rate: { perSecond: number }, cost: typeof login) => ({
    call,
    'per second': Math.round(rate.perSecond),
    'Redis commands each (in scripts too)': Number(cost.commands.toFixed(1)),
    'Redis CPU µs each': Number(cost.cpuMicros.toFixed(0)),
  });
  const rows = [
    row('login', logins, login),
    row('refresh', refreshes, refresh),
    row('logout', logouts, logout),
  ];
  return { rows, spent };
}

const { url, server } = await startRedis();
const redis = new Redis(url);
try {
  console.log(`Scale figures (${new Date().toISOString()}), redis-server of its own at ${url}.`);
  console.log('\n1. The revocation mirror: start until live, heap it adds (after a full GC)');
  console.table(await mirrorFigures(url, redis));
  console.log('\n2. Redis memory per session, 100,000 sessions of 20,000 users (INFO used_memory)');
  const sessions = await sessionFigures(url, redis);
  console.log(
    `${Math.round(sessions.perSession)} bytes per session; MEMORY USAGE of one session's keys:`,
  );
  console.table(sessions.memoryUsage);
  console.log(
    '\n3. GET /auth/sessions (Express, loopback) for a user with 1,000 sessions, 30 calls',
  );
  console.table([await listFigures(url, redis)]);
  console.log(
    '\n4. AuthService in-process, 20 concurrent callers (3 s; 2,000 logouts; no HTTP, no hash)',
  );
  const flow = await flowFigures(url, redis);
  console.table(flow.rows);
  console.log("One refreshed session's set of rotated refresh-token hashes (MEMORY USAGE):");
  console.table([flow.spent]);
} finally {
  redis.disconnect();
  server.kill();
}
