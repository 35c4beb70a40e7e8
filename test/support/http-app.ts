import { type INestApplication } from '@nestjs/common';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { type TestingModule } from '@nestjs/testing';
import { type Express } from 'express';

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

/**
 * An HTTP app of `moduleRef` on this run's adapter, not initialised yet (e.g. to add filters).
 * With `trustProxy`, `request.ip` is the address an `X-Forwarded-For` header names, so a test can
 * log in from many addresses.
 */
export function newHttpApp(
  moduleRef: TestingModule,
  { trustProxy = false } = {},
): INestApplication {
  if (HTTP_ADAPTER === 'fastify') {
    return moduleRef.createNestApplication(new FastifyAdapter({ trustProxy }), { logger: false });
  }
  const app = moduleRef.createNestApplication({ logger: false });
  if (trustProxy) (app.getHttpAdapter().getInstance() as Express).set('trust proxy', true);
  return app;
}

/** An initialised HTTP app of `moduleRef` on this run's adapter. */
export function createHttpApp(
  moduleRef: TestingModule,
  options: { trustProxy?: boolean } = {},
): Promise<INestApplication> {
  return initHttpApp(newHttpApp(moduleRef, options));
}
