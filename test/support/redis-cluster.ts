import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';
import { TestRedisServer, freePort } from './redis-server.js';

const run = promisify(execFile);

async function clusterState(port: number): Promise<string | undefined> {
  const client = new Redis({ port, lazyConnect: true, retryStrategy: () => null });
  try {
    await client.connect();
    const info = (await client.call('CLUSTER', 'INFO')) as string;
    return /cluster_state:(\w+)/.exec(info)?.[1];
  } catch {
    return undefined;
  } finally {
    client.disconnect();
  }
}

/**
 * A Redis Cluster of a test's own: masters without replicas on free local ports, made with
 * `redis-cli --cluster create`. Each node appends every write to its AOF before answering, so a
 * master killed and started again comes back with its revocations, as a production node with
 * persistence or a replica would. `cluster-require-full-coverage no` keeps the other masters
 * answering for their slots while one is down.
 */
export class TestRedisCluster {
  private constructor(
    private readonly dir: string,
    readonly masters: TestRedisServer[],
  ) {}

  static async start(size = 3): Promise<TestRedisCluster> {
    const dir = await mkdtemp(join(tmpdir(), 'nest-jwt-auth-cluster-'));
    const masters: TestRedisServer[] = [];
    for (let i = 0; i < size; i++) {
      const port = await freePort();
      masters.push(
        await TestRedisServer.start(
          [
            ...['--cluster-enabled', 'yes', '--cluster-port', String(await freePort())],
            ...['--cluster-config-file', `nodes-${port}.conf`, '--dir', dir],
            ...['--cluster-node-timeout', '1000', '--cluster-require-full-coverage', 'no'],
            ...['--appendonly', 'yes', '--appendfsync', 'always'],
            ...['--appendfilename', `${port}.aof`, '--appenddirname', `aof-${port}`],
          ],
          port,
        ),
      );
    }
    const cluster = new TestRedisCluster(dir, masters);
    await run('redis-cli', [
      '--cluster',
      'create',
      ...cluster.nodes.map(({ host, port }) => `${host}:${port}`),
      '--cluster-replicas',
      '0',
      '--cluster-yes',
    ]);
    await cluster.waitUntilHealthy();
    return cluster;
  }

  get nodes(): { host: string; port: number }[] {
    return this.masters.map(({ port }) => ({ host: '127.0.0.1', port }));
  }

  /** The master that serves `key`'s hash slot. */
  async masterOf(key: string): Promise<TestRedisServer> {
    const client = new Redis({ port: this.masters[0].port });
    try {
      const slot = (await client.call('CLUSTER', 'KEYSLOT', key)) as number;
      const ranges = (await client.call('CLUSTER', 'SLOTS')) as [
        number,
        number,
        [string, number],
      ][];
      const [, , [, port]] = ranges.find(([from, to]) => slot >= from && slot <= to)!;
      return this.masters.find((master) => master.port === port)!;
    } finally {
      client.disconnect();
    }
  }

  /** Until every node sees the cluster as ok: a restarted master takes a moment to rejoin. */
  async waitUntilHealthy(timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const states = await Promise.all(this.masters.map(({ port }) => clusterState(port)));
      if (states.every((state) => state === 'ok')) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`the test Redis Cluster did not become healthy within ${timeoutMs} ms`);
  }

  async stop(): Promise<void> {
    await Promise.all(this.masters.map((master) => master.stop()));
    await rm(this.dir, { recursive: true, force: true });
  }
}
