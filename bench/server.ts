// One benchmark server process: serves GET /hello under one configuration and reports, over
// IPC, its own CPU time and latency histogram (autocannon only sees whole milliseconds).
import 'reflect-metadata';
import { createHistogram } from 'node:perf_hooks';
import { NestFactory } from '@nestjs/core';
import { BenchModule } from './bench.module.js';
import { type BenchConfig } from './bench-configs.js';

const [config, redisUrl, keyPrefix] = process.argv.slice(2) as [BenchConfig, string, string];
const app = await NestFactory.create(BenchModule.forConfig(config, redisUrl, keyPrefix), {
  logger: ['error'],
});

const latency = createHistogram();
let requests = 0;
let cpuStart = process.cpuUsage();
app.use(
  (
    _request: unknown,
    response: { on: (event: string, listener: () => void) => void },
    next: () => void,
  ) => {
    const started = process.hrtime.bigint();
    response.on('finish', () => {
      latency.record(Number(process.hrtime.bigint() - started) || 1);
      requests++;
    });
    next();
  },
);

await app.listen(0, '127.0.0.1');
const port = (app.getHttpServer().address() as { port: number }).port;

process.on('message', (message: string) => {
  if (message === 'reset') {
    latency.reset();
    requests = 0;
    cpuStart = process.cpuUsage();
    process.send!({ type: 'reset' });
  } else if (message === 'stats') {
    const cpu = process.cpuUsage(cpuStart);
    process.send!({
      type: 'stats',
      requests,
      cpuMicrosPerRequest: (cpu.user + cpu.system) / Math.max(requests, 1),
      p50Micros: latency.percentile(50) / 1000,
      p99Micros: latency.percentile(99) / 1000,
    });
  } else if (message === 'stop') {
    void app.close().then(() => process.exit(0));
  }
});
process.send!({ type: 'ready', port });
