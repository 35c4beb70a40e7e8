import { type ChildProcess, spawn } from 'node:child_process';
import net from 'node:net';
import { Redis } from 'ioredis';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address() as net.AddressInfo;
      server.close(() => resolve(address.port));
    });
  });
}

async function waitUntilUp(url: string): Promise<void> {
  const deadline = Date.now() + 5000;
  while (Date.now() < deadline) {
    const client = new Redis(url, { lazyConnect: true, retryStrategy: () => null });
    try {
      await client.connect();
      await client.ping();
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 50));
    } finally {
      client.disconnect();
    }
  }
  throw new Error(`redis-server at ${url} did not come up within 5 s`);
}

/**
 * A redis-server of a test's own, on a free port, that the test can stop and start again to
 * simulate an outage. Needs `redis-server` on the PATH (.ci/run installs it).
 */
export class TestRedisServer {
  private process?: ChildProcess;

  private constructor(
    readonly port: number,
    private readonly extraArgs: string[],
  ) {}

  /**
   * `extraArgs` come after the defaults (no persistence), so they override them; a config file
   * (Sentinel needs one) goes first.
   */
  static async start(extraArgs: string[] = [], port?: number): Promise<TestRedisServer> {
    const server = new TestRedisServer(port ?? (await freePort()), extraArgs);
    await server.resume();
    return server;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async resume(): Promise<void> {
    const configFile = this.extraArgs[0]?.endsWith('.conf') ? [this.extraArgs[0]] : [];
    const args = [
      ...configFile,
      ...['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      ...this.extraArgs.slice(configFile.length),
    ];
    const child = spawn('redis-server', args, { stdio: 'ignore' });
    this.process = child;
    child.on('error', (error) => {
      throw new Error(`cannot start redis-server (is it installed?): ${error.message}`);
    });
    // A port taken meanwhile (by a suite of another Jest worker) ends it at once: say so now.
    const exited = new Promise<never>((_, reject) =>
      child.once('exit', (code) =>
        reject(new Error(`redis-server on port ${this.port} exited (${code}) before answering`)),
      ),
    );
    try {
      await Promise.race([waitUntilUp(this.url), exited]);
    } catch (error) {
      child.kill('SIGKILL');
      throw error;
    }
  }

  async stop(): Promise<void> {
    const child = this.process;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    this.process = undefined;
  }
}
