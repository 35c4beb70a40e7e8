// `npm run bench`: every configuration in its own server process (pinned to core 0 when taskset
// exists), driven by autocannon from another process (core 1), warm-up first, then interleaved
// rounds so that drift of the machine hits every configuration alike.
import { type ChildProcess, fork, spawn, spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { BENCH_CONFIGS, type BenchConfig } from './bench-configs.js';
import { mintTokens } from './mint-tokens.js';

const here = dirname(fileURLToPath(import.meta.url));
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const keyPrefix = `nest-jwt-auth-bench:${process.pid}:`;
const ROUNDS = 3;
const SECONDS = 3;
const CONNECTIONS = 20;
const hasTaskset = !spawnSync('taskset', ['-c', '0', 'true']).error;

interface Stats {
  requests: number;
  cpuMicrosPerRequest: number;
  p50Micros: number;
  p99Micros: number;
}
interface Load {
  requestsPerSecond: number;
  non2xx: number;
  errors: number;
}
type Sample = Stats & Load;

function start(script: string, args: string[], core: number): ChildProcess {
  const path = join(here, script);
  return hasTaskset
    ? spawn('taskset', ['-c', String(core), process.execPath, path, ...args], {
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      })
    : fork(path, args);
}

function ask<T>(child: ChildProcess, message: string, type: string): Promise<T> {
  return new Promise((resolve) => {
    const listener = (reply: { type: string } & T) => {
      if (reply.type !== type) return;
      child.off('message', listener);
      resolve(reply);
    };
    child.on('message', listener);
    if (message) child.send(message);
  });
}

function load(url: string, tokens: string[], seconds: number): Promise<Load> {
  const child = start('load.js', [], 1);
  return new Promise((resolve, reject) => {
    child.once('message', (result) => resolve(result as Load));
    child.once('exit', (code) => code !== 0 && reject(new Error(`load generator exited ${code}`)));
    child.send({ url, tokens, seconds, connections: CONNECTIONS });
  });
}

async function measure(server: ChildProcess, url: string, tokens: string[]): Promise<Sample> {
  await ask(server, 'reset', 'reset');
  const result = await load(url, tokens, SECONDS);
  const stats = await ask<Stats>(server, 'stats', 'stats');
  return { ...result, ...stats };
}

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function main(): Promise<void> {
  const servers = new Map<BenchConfig, { child: ChildProcess; url: string }>();
  for (const config of BENCH_CONFIGS) {
    const child = start('server.js', [config, redisUrl, keyPrefix], 0);
    const { port } = await ask<{ port: number }>(child, '', 'ready');
    servers.set(config, { child, url: `http://127.0.0.1:${port}/hello` });
  }
  const redis = new Redis(redisUrl);
  try {
    const pool = mintTokens(1000);
    const [revoked] = mintTokens(1, () => 'revoked-session');
    await redis.set(`${keyPrefix}{user-0}:deny:sid:revoked-session`, '1', 'EX', 600);

    for (const [config, { child, url }] of servers) {
      process.stdout.write(`warming up ${config}\n`);
      await measure(child, url, pool);
    }
    const samples = new Map<string, Sample[]>();
    const record = (name: string, sample: Sample) =>
      samples.set(name, [...(samples.get(name) ?? []), sample]);
    for (let round = 1; round <= ROUNDS; round++) {
      for (const [config, { child, url }] of servers) {
        record(config, await measure(child, url, pool));
        process.stdout.write(`round ${round}/${ROUNDS} ${config} done\n`);
      }
    }
    for (const [config, { child, url }] of servers) {
      record(`${config} (1 token)`, await measure(child, url, pool.slice(0, 1)));
    }

    const strict = servers.get('ours-strict')!.url;
    const revokedStatus = (await fetch(strict, { headers: { authorization: `Bearer ${revoked}` } }))
      .status;
    const validStatus = (await fetch(strict, { headers: { authorization: `Bearer ${pool[0]}` } }))
      .status;

    const open = median(samples.get('open')!.map((s) => s.requestsPerSecond));
    const openCpu = median(samples.get('open')!.map((s) => s.cpuMicrosPerRequest));
    const rows = [...samples].map(([name, list]) => {
      const rps = median(list.map((s) => s.requestsPerSecond));
      const cpu = median(list.map((s) => s.cpuMicrosPerRequest));
      return {
        config: name,
        requestsPerSecond: Math.round(rps),
        ratioToOpen: Number((rps / open).toFixed(2)),
        cpuMicrosPerRequest: Number(cpu.toFixed(1)),
        addedCpuMicros: Number((cpu - openCpu).toFixed(1)),
        p50Micros: Math.round(median(list.map((s) => s.p50Micros))),
        p99Micros: Math.round(median(list.map((s) => s.p99Micros))),
        non2xx: list.reduce((sum, s) => sum + s.non2xx, 0),
        errors: list.reduce((sum, s) => sum + s.errors, 0),
      };
    });
    console.table(rows);
    const failures = rows.filter((row) => row.non2xx > 0 || row.errors > 0);
    const revocationHeld = revokedStatus === 401 && validStatus === 200;
    console.log(
      JSON.stringify({
        machine: {
          cpus: (await import('node:os')).cpus().length,
          node: process.version,
          pinned: hasTaskset,
        },
        adapter: 'express',
        rows,
        revocationHeld,
      }),
    );
    if (failures.length > 0 || !revocationHeld) {
      console.error(
        `bench failed: non-2xx or errors in ${failures.map((r) => r.config)}; revoked token refused: ${revocationHeld}`,
      );
      process.exitCode = 1;
    }
  } finally {
    for (const { child } of servers.values()) child.send('stop');
    const keys = await redis.keys(`${keyPrefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
  }
}

await main();
