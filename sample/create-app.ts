import {
  type DynamicModule,
  type INestApplication,
  type NestApplicationOptions,
} from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { type NestExpressApplication } from '@nestjs/platform-express';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { AppModule } from './app.module.js';
import { type SampleConfig } from './sample-config.js';

/** Path of Swagger UI; the OpenAPI document is served next to it, at `/docs-json`. */
export const DOCS_PATH = 'docs';

/**
 * Serves the OpenAPI document of the app, auth routes included (AuthModule documents them when
 * `@nestjs/swagger` is installed). These routes bypass Nest's guards, so they need no token.
 */
function serveApiDocs(app: INestApplication, httpAdapter: SampleConfig['httpAdapter']): void {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('nest-jwt-auth sample')
      .setDescription('Log in with alice / wonderland (admin) or bob / builder.')
      .addBearerAuth()
      .build(),
  );
  // Swagger UI on Fastify needs @fastify/static, which the sample does not install.
  SwaggerModule.setup(DOCS_PATH, app, document, { ui: httpAdapter !== 'fastify' });
}

/** The sample on Express, which unlike Fastify names itself in `X-Powered-By` unless told not to. */
async function createExpressApp(
  module: DynamicModule,
  options: NestApplicationOptions,
): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(module, options);
  // The header tells a client nothing it needs, and tells an attacker which exploits to try.
  app.disable('x-powered-by');
  return app;
}

/**
 * The sample app on Express (Nest's default) or, with `httpAdapter: 'fastify'`, on Fastify. In
 * production it serves no API docs: they map every route for whoever asks.
 */
export async function createSampleApp(
  config: SampleConfig,
  options: NestApplicationOptions = {},
): Promise<INestApplication> {
  const module = AppModule.forConfig(config);
  const app =
    config.httpAdapter === 'fastify'
      ? await NestFactory.create(module, new FastifyAdapter(), options)
      : await createExpressApp(module, options);
  if (!config.production) serveApiDocs(app, config.httpAdapter);
  return app;
}
