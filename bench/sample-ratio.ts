// The sample's guarded GET /me against its unguarded GET /public, in requests per second, on
// Express then Fastify: the built sample (npm run build) in its own process, pinned to core 0
// when taskset exists, on Redis (so with the revocation mirror, on by default), driven by
// autocannon from this process, /public and /me in turn so that drift hits both alike. Express
// is measured a second time with PRESET_EXPRESS_PROTOTYPES=false, to show what that saves.
//   npm run build && node scripts/with-redis.mjs taskset -c 1 node dist/bench/sample-ratio.js
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { Redis } from 'ioredis';
import { BENCH_ADAPTERS, type BenchAdapter } from './adapters.js';
import { freePort } from './free-port.js';

const ROUNDS = Number(process.env.ROUNDS ?? 5);
const SECONDS = Number(process.env.SECONDS ?? 3);
const CONNECTIONS = 20;
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const keyPrefix = `nest-jwt-auth-sample-ratio:${process.pid}:`;
const mainScript = join(dirname(fileURLToPath(import.meta.url)), '..', 'sample', 'main.js');
const hasTaskset = !spawnSync('taskset', ['-c', '0', 'true']).error;

/** An adapter, and the sample's environment beyond the bench's own. */
type Variant = { adapter: BenchAdapter; label: string; env: Record<string, string> };

const VARIANTS = BENCH_ADAPTERS.flatMap((adapter): Variant[] => [
  { adapter, label: adapter, env: {} },
  ...(adapter === 'express'
    ? [{ adapter, label: 'express, not preset', env: { PRESET_EXPRESS_PROTOTYPES: 'false' } }]
    : []),
]);

function startSample({ adapter, env: variantEnv }: Variant, port: number): ChildProcess {
  const env = {
    ...process.env,
    ...variantEnv,
    PORT: String(port),
    HTTP_ADAPTER: adapter,
    REDIS_URL: redisUrl,
    REDIS_KEY_PREFIX: keyPrefix,
    GRAPHQL: 'false',
  };
  const command = hasTaskset ? ['taskset', '-c', '0', process.execPath] : [process.execPath];
  return spawn(command[0], [...command.slice(1), mainScript], { env, stdio: 'ignore' });
}

async function until(url: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if ((await fetch(url).catch(() => undefined))?.ok) return;
    await sleep(100);
  }
  throw new Error(`${url} did not answer within 30 s`);
}

/** CPU time the process has used, in µs (Linux: /proc, clock ticks of 10 ms). */
function cpuMicros(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10_000;
}

interface Run {
  requestsPerSecond: number;
  /** Server CPU per request: unlike requests/s, barely moved by other load on the machine. */
  cpuMicrosPerRequest: number;
}

async function load(pid: number, url: string, seconds: number, token?: string): Promise<Run> {
  const cpuBefore = cpuMicros(pid);
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: seconds,
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  if (result.non2xx > 0 || result.errors > 0) {
    throw new Error(`${url}: ${result.non2xx} non-2xx answers, ${result.errors} errors`);
  }
  return {
    requestsPerSecond: result.requests.total / result.duration,
    cpuMicrosPerRequest: (cpuMicros(pid) - cpuBefore) / result.requests.total,
  };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

async function measure(variant: Variant, port: number) {
  const origin = `http://127.0.0.1:${port}`;
  const sample = startSample(variant, port);
  try {
    await until(`${origin}/public`);
    const login = await fetch(`${origin}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'alice', password: 'wonderland' }),
    });
    const { accessToken } = (await login.json()) as { accessToken: string };
    const pid = sample.pid!;
    await load(pid, `${origin}/public`, 2);
    await load(pid, `${origin}/me`, 2, accessToken);
    const rounds: { open: Run; me: Run }[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      const open = await load(pid, `${origin}/public`, SECONDS);
      const me = await load(pid, `${origin}/me`, SECONDS, accessToken);
      rounds.push({ open, me });
      console.log(
        `${variant.label} round ${round}: /public ${Math.round(open.requestsPerSecond)} req/s ` +
          `${open.cpuMicrosPerRequest.toFixed(0)} µs CPU/req, /me ` +
          `${Math.round(me.requestsPerSecond)} req/s ${me.cpuMicrosPerRequest.toFixed(0)} µs CPU/req`,
      );
    }
    const of = (pick: (round: { open: Run; me: Run }) => number) => median(rounds.map(pick));
    return {
      sample: variant.label,
      'public req/s': Math.round(of((r) => r.open.requestsPerSecond)),
      'me req/s': Math.round(of((r) => r.me.requestsPerSecond)),
      'me/public req/s': of((r) => r.me.requestsPerSecond / r.open.requestsPerSecond).toFixed(2),
      'public µs CPU/req': Math.round(of((r) => r.open.cpuMicrosPerRequest)),
      'me µs CPU/req': Math.round(of((r) => r.me.cpuMicrosPerRequest)),
      'public/me CPU': of((r) => r.open.cpuMicrosPerRequest / r.me.cpuMicrosPerRequest).toFixed(2),
    };
  } finally {
    sample.kill('SIGTERM');
  }
}

const results = [];
for (const variant of VARIANTS) results.push(await measure(variant, await freePort()));
console.table(results);
const redis = new Redis(redisUrl);
const keys = await redis.keys(`${keyPrefix}*`);
if (keys.length > 0) await redis.del(...keys);
redis.disconnect();
