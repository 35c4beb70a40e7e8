// The processes of `npm run bench`: the servers and one load generator, with `--pin` the servers
// on core 0 and the load generator on core 1 (taskset), and the IPC with them.
import { type ChildProcess, fork, spawn, spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BenchAdapter } from './adapters.js';
import { type ServerConfig } from './bench-configs.js';
import { type LoadTarget } from './load.js';
import { type Sample } from './report.js';

const here = dirname(fileURLToPath(import.meta.url));
export const hasTaskset = !spawnSync('taskset', ['-c', '0', 'true']).error;

type Load = Pick<Sample, 'requestsPerSecond' | 'non2xx' | 'errors' | 'requests'>;
type Stats = Pick<Sample, 'p50Micros' | 'p99Micros'> & { cpuMicros: number };

export interface Server {
  adapter: BenchAdapter;
  config: ServerConfig;
  child: ChildProcess;
  origin: string;
}

/** `core` pins the process (with taskset, where it exists); `undefined` leaves it to the OS. */
function start(script: string, args: string[], core: number | undefined): ChildProcess {
  const path = join(here, script);
  return core !== undefined && hasTaskset
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

/** A server process; `args` follow server.ts. */
export async function startServer(
  adapter: BenchAdapter,
  config: ServerConfig,
  args: string[],
  pin: boolean,
): Promise<Server> {
  const child = start('server.js', [adapter, config, ...args], pin ? 0 : undefined);
  const { port } = await ask<{ port: number }>(child, '', 'ready');
  return { adapter, config, child, origin: `http://127.0.0.1:${port}` };
}

export function stopServer({ child }: Server): Promise<void> {
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.send('stop');
  });
}

/** The load generator: one process for the whole run, serving one order after another. */
export class Loader {
  private readonly child: ChildProcess;

  constructor(
    private readonly connections: number,
    pin: boolean,
  ) {
    this.child = start('load.js', [], pin ? 1 : undefined);
  }

  private load(target: LoadTarget, seconds: number): Promise<Load> {
    return new Promise((resolve, reject) => {
      const exited = (code: number | null) => reject(new Error(`load generator exited ${code}`));
      this.child.once('exit', exited);
      this.child.once('message', (result) => {
        this.child.off('exit', exited);
        resolve(result as Load);
      });
      this.child.send({ ...target, seconds, connections: this.connections });
    });
  }

  /** Loads `server` with `target` for `seconds`; the server reports its side of the sample. */
  async measure(server: Server, target: LoadTarget, seconds: number): Promise<Sample> {
    await ask(server.child, 'reset', 'reset');
    const load = await this.load(target, seconds);
    const { cpuMicros, ...latency } = await ask<Stats>(server.child, 'stats', 'stats');
    // Per request the load generator saw answered: the same count with or without the hooks.
    return { ...load, ...latency, cpuMicrosPerRequest: cpuMicros / Math.max(load.requests, 1) };
  }

  close(): void {
    this.child.disconnect();
  }
}
