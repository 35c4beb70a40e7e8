// Login and refresh CPU of this build against another checkout's build, side by side: the bench's
// `auth-flow` server of each, in turn, 3 pairs; in each, 3 rounds of `open`, logins only, and one
// login then nine chained refreshes per connection (autocannon in this process, the server in its
// own). Prints the CPU each adds over `open`, median and range over the pairs.
//   git worktree add /tmp/base <rev> && (cd /tmp/base && npm ci && npm run build)
//   npm run build && node scripts/with-redis.mjs node dist/bench/auth-routes-compare.js /tmp/base
import { type ChildProcess, fork } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon, { type Request } from 'autocannon';
import { Redis } from 'ioredis';
import { REFRESHES, authFlowRequests } from './auth-flow-load.js';

const PAIRS = 3;
const ROUNDS = 3;
const SECONDS = 4;
const CONNECTIONS = 10;
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1];
const range = (values: number[]) =>
  `${median(values)} (${Math.min(...values)}–${Math.max(...values)})`;

function ask<T>(child: ChildProcess, message: string, type: string): Promise<T> {
  return new Promise((done) => {
    const listener = (reply: { type: string } & T) => {
      if (reply.type !== type) return;
      child.off('message', listener);
      done(reply);
    };
    child.on('message', listener);
    if (message) child.send(message);
  });
}

/** CPU µs per request of each load on the `auth-flow` server of `root`, median of ROUNDS. */
async function measure(root: string): Promise<{ login: number; refresh: number }> {
  const prefix = `nest-jwt-auth-auth-routes:${process.pid}:${Date.now()}:`;
  const server = fork(join(root, 'dist/bench/server.js'), [
    'express',
    'auth-flow',
    redisUrl,
    prefix,
    'null',
  ]);
  const { port } = await ask<{ port: number }>(server, '', 'ready');
  const loads: Record<string, Request[] | undefined> = {
    open: undefined,
    login: authFlowRequests('login'),
    mixed: authFlowRequests('refresh'),
  };
  const cpu: Record<string, number[]> = { open: [], login: [], mixed: [] };
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, requests] of Object.entries(loads)) {
      await ask(server, 'reset', 'reset');
      const result = await autocannon({
        url: `http://127.0.0.1:${port}/hello`,
        connections: CONNECTIONS,
        duration: SECONDS,
        requests,
      });
      if (result.non2xx > 0) throw new Error(`${root}: ${result.non2xx} non-2xx answers (${name})`);
      const { cpuMicros } = await ask<{ cpuMicros: number }>(server, 'stats', 'stats');
      cpu[name].push(cpuMicros / result.requests.total);
    }
  }
  server.send('stop');
  const redis = new Redis(redisUrl);
  for (const key of await redis.keys(`${prefix}*`)) await redis.del(key);
  redis.disconnect();
  const [open, login, mixed] = [median(cpu.open), median(cpu.login), median(cpu.mixed)];
  // A mixed connection sends one login per REFRESHES refreshes.
  const refresh = ((REFRESHES + 1) * mixed - login) / REFRESHES;
  return { login: Math.round(login - open), refresh: Math.round(refresh - open) };
}

const builds = {
  this: join(dirname(fileURLToPath(import.meta.url)), '..', '..'),
  other: resolve(process.argv[2] ?? ''),
};
if (!process.argv[2]) throw new Error('Name the other checkout (built with npm run build).');
const added: Record<string, { login: number[]; refresh: number[] }> = {};
for (let pair = 0; pair < PAIRS; pair++) {
  const order = Object.entries(builds);
  for (const [name, root] of pair % 2 ? order.reverse() : order) {
    const { login, refresh } = await measure(root);
    (added[name] ??= { login: [], refresh: [] }).login.push(login);
    added[name].refresh.push(refresh);
    console.log(`pair ${pair + 1}/${PAIRS} ${name}: login +${login} µs, refresh +${refresh} µs`);
  }
}
console.table(
  Object.entries(added).map(([build, { login, refresh }]) => ({
    build,
    'login: added CPU µs': range(login),
    'refresh: added CPU µs': range(refresh),
  })),
);
