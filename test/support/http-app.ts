import { type INestApplication } from '@nestjs/common';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { type TestingModule } from '@nestjs/testing';
import { HTTP_ADAPTER } from './sample-app.js';

/** An initialised HTTP app of `moduleRef` on this run's adapter (see jest.config.js). */
export async function createHttpApp(moduleRef: TestingModule): Promise<INestApplication> {
  const app =
    HTTP_ADAPTER === 'fastify'
      ? moduleRef.createNestApplication(new FastifyAdapter(), { logger: false })
      : moduleRef.createNestApplication({ logger: false });
  await app.init();
  if (HTTP_ADAPTER === 'fastify') {
    await (app.getHttpAdapter().getInstance() as { ready(): Promise<unknown> }).ready();
  }
  return app;
}
