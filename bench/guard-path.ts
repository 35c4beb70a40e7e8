// CPU of the guard alone, in-process, without HTTP: µs per canActivate() of the bare HMAC guard
// (FloorGuard) and of JwtAuthGuard answering from the verified-token cache and the revocation
// mirror, without metrics and recording them into the OpenTelemetry SDK (docs/metrics.md#cost),
// each minus a guard that does nothing (Nest's ExecutionContextHost is built for every
// call, as Nest does). Rounds interleave the guards; medians are printed. HTTP load on a shared
// machine moves by 2x between runs; this moves by a few percent.
//   npm run build && node scripts/with-redis.mjs node dist/bench/guard-path.js
import 'reflect-metadata';
import { type CanActivate, type ExecutionContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ExecutionContextHost } from '@nestjs/core/internal';
import { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import { Redis } from 'ioredis';
import {
  AuthModule,
  type AuthModuleOptions,
  AuthService,
  Denylist,
  JwtAuthGuard,
} from 'nest-jwt-auth';
import { BENCH_SECRET } from './bench-configs.js';
import { FloorGuard } from './floor.guard.js';

const CALLS = Number(process.env.CALLS ?? 100_000);
const ROUNDS = Number(process.env.ROUNDS ?? 7);
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const keyPrefix = `nest-jwt-auth-guard-path:${process.pid}:`;

class HelloController {
  hello() {}
}

const startApp = (metrics: AuthModuleOptions['metrics']) =>
  NestFactory.createApplicationContext(
    AuthModule.forRoot({
      secret: BENCH_SECRET,
      store: { redis: redisUrl, keyPrefix },
      revocationMirror: true,
      controller: false,
      metrics,
    }),
    { logger: ['error'] },
  );
const app = await startApp(false);
// What a Prometheus scrape reads: the SDK aggregating in memory, the exporter serving no port.
const meterProvider = new MeterProvider({
  readers: [new PrometheusExporter({ preventServerStart: true })],
});
const measured = await startApp({ meterProvider });
const mirrors = [app, measured].map((one) => one.get<{ live: boolean }>(Denylist));
const { accessToken } = await app.get(AuthService).issueTokens({ sub: 'u1', roles: ['user'] });
const authorization = `Bearer ${accessToken}`;

function context(): ExecutionContext {
  const request = { headers: { authorization }, user: null, authInfo: null };
  const host = new ExecutionContextHost(
    [request, {}, () => undefined],
    HelloController,
    HelloController.prototype.hello,
  );
  host.setType('http');
  return host;
}

/** µs of CPU per call of `guard`, awaiting it when it answers with a promise. */
async function perCall(guard: CanActivate): Promise<number> {
  const start = process.cpuUsage();
  for (let i = 0; i < CALLS; i++) {
    const answer = guard.canActivate(context());
    if (typeof answer !== 'boolean') await answer;
  }
  const used = process.cpuUsage(start);
  return (used.user + used.system) / CALLS;
}

const guards: Record<string, CanActivate> = {
  none: { canActivate: () => true },
  floor: new FloorGuard(),
  'JwtAuthGuard (cache + mirror)': app.get(JwtAuthGuard),
  'JwtAuthGuard + metrics (OTel SDK)': measured.get(JwtAuthGuard),
};
const samples: Record<string, number[]> = {};
for (let round = 0; round < ROUNDS; round++) {
  for (const [name, guard] of Object.entries(guards)) {
    while (!mirrors.every((mirror) => mirror.live)) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    (samples[name] ??= []).push(await perCall(guard));
  }
}
const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1];
const none = median(samples.none);
console.table(
  Object.entries(samples).map(([name, values]) => ({
    guard: name,
    'µs CPU/call': Number(median(values).toFixed(2)),
    'added over none': Number((median(values) - none).toFixed(2)),
  })),
);
await app.close();
await measured.close();
await meterProvider.shutdown();
const redis = new Redis(redisUrl);
const keys = await redis.keys(`${keyPrefix}*`);
if (keys.length > 0) await redis.del(...keys);
redis.disconnect();
