import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { TestRedisServer, freePort } from './redis-server.js';

export const SENTINEL_MASTER_NAME = 'mymaster';

/**
 * A master, its replica and one Sentinel watching them (quorum 1), all of a test's own on free
 * local ports. The Sentinel declares the master down after 500 ms and promotes the replica.
 */
export class TestRedisSentinel {
  private constructor(
    private readonly dir: string,
    readonly master: TestRedisServer,
    readonly replica: TestRedisServer,
    readonly sentinel: TestRedisServer,
  ) {}

  static async start(): Promise<TestRedisSentinel> {
    const dir = await mkdtemp(join(tmpdir(), 'nest-jwt-auth-sentinel-'));
    await Promise.all(['master', 'replica'].map((name) => mkdir(join(dir, name))));
    // No 5 s pause before the replica's first sync.
    const master = await TestRedisServer.start([
      ...['--dir', join(dir, 'master')],
      ...['--repl-diskless-sync-delay', '0'],
    ]);
    const replica = await TestRedisServer.start([
      ...['--dir', join(dir, 'replica')],
      ...['--replicaof', '127.0.0.1', String(master.port)],
    ]);
    const config = join(dir, 'sentinel.conf');
    await writeFile(
      config,
      [
        `sentinel monitor ${SENTINEL_MASTER_NAME} 127.0.0.1 ${master.port} 1`,
        `sentinel down-after-milliseconds ${SENTINEL_MASTER_NAME} 500`,
        `sentinel failover-timeout ${SENTINEL_MASTER_NAME} 5000`,
        '',
      ].join('\n'),
    );
    const sentinel = await TestRedisServer.start([config, '--sentinel'], await freePort());
    const setup = new TestRedisSentinel(dir, master, replica, sentinel);
    // A failover needs a replica the Sentinel knows about.
    await setup.waitFor(async (client) => {
      const replicas = (await client.call(
        'SENTINEL',
        'REPLICAS',
        SENTINEL_MASTER_NAME,
      )) as unknown[];
      return replicas.length > 0;
    });
    return setup;
  }

  get sentinels(): { host: string; port: number }[] {
    return [{ host: '127.0.0.1', port: this.sentinel.port }];
  }

  /** The port of the master the Sentinel names now. */
  async masterPort(): Promise<number> {
    const client = new Redis({ port: this.sentinel.port });
    try {
      const [, port] = (await client.call(
        'SENTINEL',
        'GET-MASTER-ADDR-BY-NAME',
        SENTINEL_MASTER_NAME,
      )) as [string, string];
      return Number(port);
    } finally {
      client.disconnect();
    }
  }

  /** Until the replica has every write the master acknowledged, so killing the master loses none. */
  async waitForReplication(): Promise<void> {
    const client = new Redis({ port: this.master.port });
    try {
      const acknowledged = (await client.call('WAIT', '1', '2000')) as number;
      if (acknowledged < 1) throw new Error('the replica did not catch up within 2 s');
    } finally {
      client.disconnect();
    }
  }

  /** Until the Sentinel has promoted the replica. */
  async waitForFailover(): Promise<void> {
    await this.waitFor(async () => (await this.masterPort()) === this.replica.port, 15_000);
  }

  async stop(): Promise<void> {
    await Promise.all([this.sentinel.stop(), this.replica.stop(), this.master.stop()]);
    await rm(this.dir, { recursive: true, force: true });
  }

  private async waitFor(
    condition: (sentinel: Redis) => Promise<boolean>,
    timeoutMs = 10_000,
  ): Promise<void> {
    const client = new Redis({ port: this.sentinel.port });
    try {
      const deadline = Date.now() + timeoutMs;
      while (!(await condition(client))) {
        if (Date.now() > deadline) throw new Error(`the test Sentinel setup timed out`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    } finally {
      client.disconnect();
    }
  }
}
