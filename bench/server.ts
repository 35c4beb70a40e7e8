// One benchmark server process: serves one configuration on one adapter and reports, over IPC,
// its own CPU time and latency histogram (autocannon only sees whole milliseconds; no histogram
// for `open-unhooked`).
import 'reflect-metadata';
import { createHistogram } from 'node:perf_hooks';
import { type AuthJwk } from 'nest-jwt-auth';
import { type BenchAdapter, createBenchApp } from './adapters.js';
import { BenchModule } from './bench.module.js';
import { type ServerConfig } from './bench-configs.js';

const [adapter, config, redisUrl, keyPrefix, keyJson] = process.argv.slice(2) as [
  BenchAdapter,
  ServerConfig,
  string,
  string,
  string,
];
const key = JSON.parse(keyJson) as AuthJwk | null;

const latency = createHistogram();
const hooked = config !== 'open-unhooked';
let cpuStart = process.cpuUsage();
const app = await createBenchApp(
  adapter,
  BenchModule.forConfig(config, { redisUrl, keyPrefix, key }),
  hooked ? (nanoseconds) => latency.record(nanoseconds) : undefined,
);

await app.listen(0, '127.0.0.1');
const port = (app.getHttpServer().address() as { port: number }).port;

process.on('message', (message: string) => {
  if (message === 'reset') {
    latency.reset();
    cpuStart = process.cpuUsage();
    process.send!({ type: 'reset' });
  } else if (message === 'stats') {
    const cpu = process.cpuUsage(cpuStart);
    process.send!({
      type: 'stats',
      cpuMicros: cpu.user + cpu.system,
      p50Micros: hooked ? latency.percentile(50) / 1000 : null,
      p99Micros: hooked ? latency.percentile(99) / 1000 : null,
    });
  } else if (message === 'stop') {
    void app.close().then(() => process.exit(0));
  }
});
process.send!({ type: 'ready', port });
