import { type INestApplication } from '@nestjs/common';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { type TestingModule } from '@nestjs/testing';

/**
 * The HTTP adapter of this test run: jest.config.js runs the e2e suite once per adapter, and
 * each project sets this global.
 */
export const HTTP_ADAPTER: 'express' | 'fastify' =
  (globalThis as { HTTP_ADAPTER?: 'express' | 'fastify' }).HTTP_ADAPTER ?? 'express';

/** Initialises `app` so that supertest can drive its raw server, on either adapter. */
export async function initHttpApp(app: INestApplication): Promise<INestApplication> {
  await app.init();
  if (app.getHttpAdapter().getType() === 'fastify') {
    // Fastify routes requests on its raw server only once it is ready.
    await (app.getHttpAdapter().getInstance() as { ready(): Promise<unknown> }).ready();
  }
  return app;
}

/** An HTTP app of `moduleRef` on this run's adapter, not initialised yet (e.g. to add filters). */
export function newHttpApp(moduleRef: TestingModule): INestApplication {
  return HTTP_ADAPTER === 'fastify'
    ? moduleRef.createNestApplication(new FastifyAdapter(), { logger: false })
    : moduleRef.createNestApplication({ logger: false });
}

/** An initialised HTTP app of `moduleRef` on this run's adapter. */
export function createHttpApp(moduleRef: TestingModule): Promise<INestApplication> {
  return initHttpApp(newHttpApp(moduleRef));
}
