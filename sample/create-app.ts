import { type INestApplication, type NestApplicationOptions } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { AppModule } from './app.module.js';
import { type SampleConfig } from './sample-config.js';

/** The sample app on Express (Nest's default) or, with `httpAdapter: 'fastify'`, on Fastify. */
export async function createSampleApp(
  config: SampleConfig,
  options: NestApplicationOptions = {},
): Promise<INestApplication> {
  const module = AppModule.forConfig(config);
  return config.httpAdapter === 'fastify'
    ? NestFactory.create(module, new FastifyAdapter(), options)
    : NestFactory.create(module, options);
}
