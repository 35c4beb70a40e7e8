// `npm run bench [-- --runs N] [--pin]`: adapter after adapter, every configuration in its own
// server process, driven by autocannon from another process; a warm-up, then rounds in which
// every configuration (token pool and single token) takes its turn, so that drift of the machine
// hits all alike. Every figure is printed as its median and range over the rounds; with --runs N
// the whole bench runs N times and each figure is the median of the runs' medians, and their range.
// --pin puts the servers on core 0 and the load generator on core 1 (taskset): on a 2-core
// machine that inflates the CPU per request, so it is off by default. --scale prints the scale
// figures of bench/scale.ts instead.
import { spawnSync } from 'node:child_process';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Redis } from 'ioredis';
import { BENCH_ADAPTERS, type BenchAdapter } from './adapters.js';
import {
  AUTH_FLOW_CONFIG,
  BENCH_CONFIGS,
  REVOKED_SID,
  type ServerConfig,
  SINGLE_TOKEN_CONFIGS,
} from './bench-configs.js';
import { generateBenchKeys } from './bench-keys.js';
import { hasTaskset, Loader, type Server, startServer, stopServer } from './bench-processes.js';
import { type LoadTarget } from './load.js';
import { mintTokens } from './mint-tokens.js';
import {
  authFlowSummary,
  combineRuns,
  evaluateTargets,
  type Row,
  rowTable,
  type Sample,
  targetTable,
  toRows,
} from './report.js';

const { values: cli } = parseArgs({
  options: {
    runs: { type: 'string', default: '1' },
    rounds: { type: 'string', default: '3' },
    pin: { type: 'boolean', default: false },
    scale: { type: 'boolean', default: false },
  },
});
if (cli.scale) {
  // Its own process, for a full GC before each heap figure.
  const scale = join(dirname(fileURLToPath(import.meta.url)), 'scale.js');
  process.exit(
    spawnSync(process.execPath, ['--expose-gc', scale], { stdio: 'inherit' }).status ?? 1,
  );
}
const RUNS = Math.max(1, Number(cli.runs) || 1);
const ROUNDS = Math.max(1, Number(cli.rounds) || 3);
const PIN = cli.pin && hasTaskset;
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const keyPrefix = `nest-jwt-auth-bench:${process.pid}:`;
const SECONDS = 2;
const WARM_UP_SECONDS = 1;
const CONNECTIONS = 20;

const keys = generateBenchKeys();
const pools = new Map<ServerConfig, string[]>(
  BENCH_CONFIGS.map((config) => [config, mintTokens(1000, { key: keys[config] })]),
);
const loader = new Loader(CONNECTIONS, PIN);

/** One row of the table: a server, what to load it with, and the samples taken. */
interface Job {
  server: Server;
  config: string;
  target: LoadTarget;
  list: Sample[];
}

const name = ({ server, config }: Job) => `${server.adapter} ${config}`;
const helloJob = (server: Server, config: string, tokens: string[]): Job => ({
  server,
  config,
  target: { url: `${server.origin}/hello`, tokens },
  list: [],
});
const authJobs = (server: Server): Job[] =>
  (['login', 'refresh'] as const).map((flow) => ({
    server,
    config: flow === 'login' ? 'auth: login' : 'auth: login+9 refresh',
    target: { url: server.origin, flow },
    list: [],
  }));

const statusOf = async (url: string, token: string) =>
  (await fetch(url, { headers: { authorization: `Bearer ${token}` } })).status;

/** A revoked and a valid token against each `ours-*` server: they must get 401 and 200. */
const revocationOf = (servers: Server[]) =>
  Promise.all(
    servers
      .filter(({ config }) => config.startsWith('ours-'))
      .map(async ({ adapter, config, origin }) => {
        const [revoked] = mintTokens(1, { key: keys[config], sid: () => REVOKED_SID });
        const revokedStatus = await statusOf(`${origin}/hello`, revoked);
        const validStatus = await statusOf(`${origin}/hello`, pools.get(config)![0]);
        return { adapter, config, revokedStatus, validStatus };
      }),
  );

/** Every configuration on one adapter (and the auth flow on Express), its servers started lazily. */
async function benchAdapter(adapter: BenchAdapter) {
  const configs: ServerConfig[] =
    adapter === 'express' ? [...BENCH_CONFIGS, AUTH_FLOW_CONFIG] : [...BENCH_CONFIGS];
  const args = (config: ServerConfig) => [
    redisUrl,
    keyPrefix,
    JSON.stringify(keys[config] ?? null),
  ];
  const servers = await Promise.all(
    configs.map((config) => startServer(adapter, config, args(config), PIN)),
  );
  try {
    const helloServers = servers.filter(({ config }) => config !== AUTH_FLOW_CONFIG);
    const hello = helloServers.map((server) =>
      helloJob(server, server.config, pools.get(server.config)!),
    );
    const singleToken = helloServers
      .filter(({ config }) => (SINGLE_TOKEN_CONFIGS as readonly string[]).includes(config))
      .map((server) =>
        helloJob(server, `${server.config} (1 token)`, pools.get(server.config)!.slice(0, 1)),
      );
    const auth = servers.filter(({ config }) => config === AUTH_FLOW_CONFIG).flatMap(authJobs);
    const jobs = [...hello, ...singleToken, ...auth];
    for (const job of jobs) {
      process.stdout.write(`warming up ${name(job)}\n`);
      await loader.measure(job.server, job.target, WARM_UP_SECONDS);
    }
    for (let round = 1; round <= ROUNDS; round++) {
      for (const job of jobs) {
        const sample = await loader.measure(job.server, job.target, SECONDS);
        job.list.push(sample);
        process.stdout.write(
          `round ${round}/${ROUNDS} ${name(job)}: ${Math.round(sample.requestsPerSecond)} req/s, ` +
            `${sample.cpuMicrosPerRequest.toFixed(0)} µs CPU/req\n`,
        );
      }
    }
    return { hello, singleToken, auth, revocation: await revocationOf(servers) };
  } finally {
    await Promise.all(servers.map(stopServer));
  }
}

/** One whole bench: every adapter, its rows, and what the revoked token got from each server. */
async function benchRun() {
  const results: Awaited<ReturnType<typeof benchAdapter>>[] = [];
  for (const adapter of BENCH_ADAPTERS) results.push(await benchAdapter(adapter));
  const rows = toRows(
    (['hello', 'singleToken', 'auth'] as const)
      .flatMap((kind) => results.flatMap((result) => result[kind]))
      .map(({ server, config, list }) => ({ adapter: server.adapter, config, list })),
  );
  return { rows, revocation: results.flatMap((result) => result.revocation) };
}

async function main(): Promise<void> {
  const redis = new Redis(redisUrl);
  try {
    // Before the servers start: the revocation mirror of ours-fast loads existing keys at start.
    await redis.set(`${keyPrefix}{user-0}:deny:sid:${REVOKED_SID}`, '1', 'EX', 3600);
    const runs: Awaited<ReturnType<typeof benchRun>>[] = [];
    for (let run = 1; run <= RUNS; run++) {
      process.stdout.write(`run ${run}/${RUNS}\n`);
      runs.push(await benchRun());
      if (RUNS > 1) console.table(rowTable(runs[run - 1].rows));
    }
    const rows = combineRuns(runs.map((run) => run.rows));
    const revocation = runs.flatMap((run) => run.revocation);
    const row = (config: string) => rows.find((r: Row) => r.config === config)!;
    const targets = evaluateTargets(rows, BENCH_ADAPTERS);
    console.log(
      RUNS > 1
        ? `Median of ${RUNS} runs (range of the runs' medians), ${ROUNDS} rounds each:`
        : `One run: median (range) of ${ROUNDS} rounds:`,
    );
    console.table(rowTable(rows));
    console.table(targetTable(targets));
    const failures = rows.filter((r) => r.non2xx > 0 || r.errors > 0);
    const revocationHeld = revocation.every(
      (r) => r.revokedStatus === 401 && r.validStatus === 200,
    );
    console.log(
      JSON.stringify({
        machine: { cpus: cpus().length, node: process.version, pinned: PIN },
        runs: RUNS,
        rounds: ROUNDS,
        adapters: BENCH_ADAPTERS,
        rows,
        authFlow: {
          adapter: 'express',
          ...authFlowSummary(row('auth: login'), row('auth: login+9 refresh')),
        },
        targets,
        revocationHeld,
      }),
    );
    if (failures.length > 0 || !revocationHeld) {
      console.error(
        `bench failed: non-2xx or errors in ${failures.map((r) => `${r.adapter} ${r.config}`)}; ` +
          `revoked token refused everywhere: ${revocationHeld}`,
      );
      process.exitCode = 1;
    }
  } finally {
    loader.close();
    const stale = await redis.keys(`${keyPrefix}*`);
    if (stale.length > 0) await redis.del(...stale);
    redis.disconnect();
  }
}

await main();
