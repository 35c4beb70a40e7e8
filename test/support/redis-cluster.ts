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

/** Whether the node on `port` is a replica whose link to its master is up. */
async function replicaLinkUp(port: number): Promise<boolean> {
  const client = new Redis({ port, lazyConnect: true, retryStrategy: () => null });
  try {
    await client.connect();
    return /master_link_status:up/.test(await client.info('replication'));
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

/**
 * One cluster node on free ports. Two ports are picked, then bound by redis-server: a suite of
 * another Jest worker can take one in between, so a node that cannot start is tried again.
 */
async function startNode(dir: string, attempts = 3): Promise<TestRedisServer> {
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    try {
      return await TestRedisServer.start(
        [
          ...['--cluster-enabled', 'yes', '--cluster-port', String(await freePort())],
          ...['--cluster-config-file', `nodes-${port}.conf`, '--dir', dir],
          ...['--cluster-node-timeout', '1000', '--cluster-require-full-coverage', 'no'],
          ...['--appendonly', 'yes', '--appendfsync', 'always'],
          ...['--appendfilename', `${port}.aof`, '--appenddirname', `aof-${port}`],
        ],
        port,
      );
    } catch (error) {
      if (attempt === attempts) throw error;
    }
  }
}

/**
 * A Redis Cluster of a test's own: 3 masters (by default without replicas) on free local ports,
 * made with `redis-cli --cluster create`. Each node appends every write to its AOF before
 * answering, so a master killed and started again comes back with its revocations, as a
 * production node with persistence or a replica would. `cluster-require-full-coverage no` keeps
 * the other masters answering for their slots while one is down.
 */
export class TestRedisCluster {
  /** Nodes killed or frozen: no longer asked anything. */
  private readonly gone = new Set<TestRedisServer>();
  /** When the last failover's new master was first seen owning the slot (`Date.now()`). */
  promotedAt = 0;

  private constructor(
    private readonly dir: string,
    /** Every node, masters first as created (a failover changes who is master). */
    readonly servers: TestRedisServer[],
  ) {}

  /** `replicas`: of each master, which a failover then promotes. */
  static async start(size = 3, replicas = 0): Promise<TestRedisCluster> {
    const dir = await mkdtemp(join(tmpdir(), 'nest-jwt-auth-cluster-'));
    const servers: TestRedisServer[] = [];
    for (let i = 0; i < size * (1 + replicas); i++) servers.push(await startNode(dir));
    const cluster = new TestRedisCluster(dir, servers);
    await run('redis-cli', [
      '--cluster',
      'create',
      ...cluster.nodes.map(({ host, port }) => `${host}:${port}`),
      '--cluster-replicas',
      String(replicas),
      '--cluster-yes',
    ]);
    if (replicas > 0) await cluster.waitForReplicas(size * replicas);
    await cluster.waitUntilHealthy();
    return cluster;
  }

  get nodes(): { host: string; port: number }[] {
    return this.servers.map(({ port }) => ({ host: '127.0.0.1', port }));
  }

  private get running(): TestRedisServer[] {
    return this.servers.filter((server) => !this.gone.has(server));
  }

  /** The master that serves `key`'s hash slot. */
  async masterOf(key: string): Promise<TestRedisServer> {
    const client = new Redis({ port: this.running[0].port });
    try {
      const slot = (await client.call('CLUSTER', 'KEYSLOT', key)) as number;
      const ranges = (await client.call('CLUSTER', 'SLOTS')) as [
        number,
        number,
        [string, number],
      ][];
      const [, , [, port]] = ranges.find(([from, to]) => slot >= from && slot <= to)!;
      return this.servers.find((server) => server.port === port)!;
    } finally {
      client.disconnect();
    }
  }

  /**
   * Kills `master` for good and waits until its replica has taken over its slots (those of
   * `key`), as every node that is left sees it: a failover, not an outage.
   */
  async killAndFailOver(master: TestRedisServer, key: string): Promise<TestRedisServer> {
    await master.stop();
    this.gone.add(master);
    return this.waitForNewMaster(master, key);
  }

  /**
   * Freezes `master` (SIGSTOP) and waits until its replica has taken over the slots of `key`: a
   * host that hangs or drops off the network, whose connections stay open but never answer
   * again. The node stays frozen until `stop()`.
   */
  async freezeAndFailOver(master: TestRedisServer, key: string): Promise<TestRedisServer> {
    const client = new Redis({ port: master.port });
    try {
      const pid = /process_id:(\d+)/.exec(await client.info('server'))![1];
      process.kill(Number(pid), 'SIGSTOP');
    } finally {
      client.disconnect();
    }
    this.gone.add(master);
    return this.waitForNewMaster(master, key);
  }

  /**
   * A manual failover (`CLUSTER FAILOVER` on a replica of `master`): the replica takes over the
   * slots of `key` and `master` stays up as its replica, so no connection to it closes.
   */
  async failOver(master: TestRedisServer, key: string): Promise<TestRedisServer> {
    for (const server of this.running) {
      const client = new Redis({ port: server.port });
      try {
        const [role, , masterPort] = (await client.call('ROLE')) as [string, string, number];
        if (role !== 'slave' || masterPort !== master.port) continue;
        await client.call('CLUSTER', 'FAILOVER');
        return await this.waitForNewMaster(master, key);
      } finally {
        client.disconnect();
      }
    }
    throw new Error(`the master on port ${master.port} has no replica`);
  }

  private async waitForNewMaster(master: TestRedisServer, key: string): Promise<TestRedisServer> {
    const deadline = Date.now() + 15_000;
    while (Date.now() < deadline) {
      const owner = await this.masterOf(key).catch(() => master);
      if (owner !== master) {
        this.promotedAt = Date.now();
        await this.waitUntilHealthy();
        return owner;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`no replica took over from the master on port ${master.port} within 15 s`);
  }

  /** Until every replica has finished its first synchronisation with its master. */
  private async waitForReplicas(count: number, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const links = await Promise.all(this.servers.map(({ port }) => replicaLinkUp(port)));
      if (links.filter(Boolean).length === count) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`the test Redis Cluster's replicas did not sync within ${timeoutMs} ms`);
  }

  /** Until every running node sees the cluster as ok: a restarted master takes a moment to rejoin. */
  async waitUntilHealthy(timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const states = await Promise.all(this.running.map(({ port }) => clusterState(port)));
      if (states.every((state) => state === 'ok')) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`the test Redis Cluster did not become healthy within ${timeoutMs} ms`);
  }

  async stop(): Promise<void> {
    await Promise.all(this.servers.map((server) => server.stop()));
    await rm(this.dir, { recursive: true, force: true });
  }
}
