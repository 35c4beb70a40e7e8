import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module.js';
import { sampleConfigFromEnv } from './sample-config.js';

async function bootstrap(): Promise<void> {
  const config = sampleConfigFromEnv();
  const app = await NestFactory.create(AppModule.forConfig(config));
  app.enableShutdownHooks();
  await app.listen(config.port);
  const logger = new Logger('sample');
  logger.log(
    `Store: ${config.redisUrl ? `Redis at ${config.redisUrl}` : 'memory (set REDIS_URL to use Redis)'}`,
  );
  logger.log(
    config.jwksUrl
      ? `Resource server on http://localhost:${config.port}, trusting the keys at ${config.jwksUrl}: try GET /me with a token of that issuer`
      : `Listening on http://localhost:${config.port}: try POST /auth/login with alice / wonderland`,
  );
}

void bootstrap();
