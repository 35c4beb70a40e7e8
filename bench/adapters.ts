import { type DynamicModule, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { presetExpressPrototypes } from 'nest-jwt-auth';

/** The HTTP platforms every configuration is measured on. */
export const BENCH_ADAPTERS = ['express', 'fastify'] as const;

export type BenchAdapter = (typeof BENCH_ADAPTERS)[number];

/** Called once a response is sent, with the nanoseconds since its request arrived. */
export type OnServed = (nanoseconds: number) => void;

type Timed = { benchStart: bigint };
const elapsed = (start: bigint) => Number(process.hrtime.bigint() - start) || 1;

/**
 * The app of `module` on `adapter`, timing every request from arrival to the response sent when
 * `onServed` is given (the hooks cost the server CPU of their own: `open-unhooked` shows how much).
 */
export async function createBenchApp(
  adapter: BenchAdapter,
  module: DynamicModule,
  onServed?: OnServed,
): Promise<INestApplication> {
  if (adapter === 'express') {
    const app = await NestFactory.create(module, { logger: ['error'] });
    // What AuthModule does at start, done for every configuration (those without the module too)
    // so that the ratios compare guards, not what the module does for the whole app.
    presetExpressPrototypes(app.getHttpAdapter());
    if (!onServed) return app;
    app.use(
      (
        _request: unknown,
        response: { on: (event: string, listener: () => void) => void },
        next: () => void,
      ) => {
        const start = process.hrtime.bigint();
        response.on('finish', () => onServed(elapsed(start)));
        next();
      },
    );
    return app;
  }
  const app = await NestFactory.create<NestFastifyApplication>(module, new FastifyAdapter(), {
    logger: ['error'],
  });
  if (!onServed) return app;
  const fastify = app.getHttpAdapter().getInstance();
  fastify.decorateRequest('benchStart', 0n);
  fastify.addHook('onRequest', (request, _reply, done) => {
    (request as unknown as Timed).benchStart = process.hrtime.bigint();
    done();
  });
  fastify.addHook('onResponse', (request, _reply, done) => {
    onServed(elapsed((request as unknown as Timed).benchStart));
    done();
  });
  return app;
}
