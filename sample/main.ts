import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { createSampleApp, DOCS_PATH } from './create-app.js';
import { GRAPHQL_PATH, servesGraphQL } from './graphql/graphql-module.js';
import { sampleConfigFromEnv } from './sample-config.js';

async function bootstrap(): Promise<void> {
  const config = sampleConfigFromEnv();
  const app = await createSampleApp(config);
  app.enableShutdownHooks();
  await app.listen(config.port);
  const logger = new Logger('sample');
  logger.log(
    `HTTP adapter: ${config.httpAdapter}. Store: ${config.redisUrl ? `Redis at ${config.redisUrl}` : 'memory (set REDIS_URL to use Redis)'}`,
  );
  logger.log(
    config.jwksUrl
      ? `Resource server on http://localhost:${config.port}, trusting the keys at ${config.jwksUrl}: try GET /me with a token of that issuer`
      : `Listening on http://localhost:${config.port}: try POST /auth/login with alice / wonderland`,
  );
  logger.log(
    config.production
      ? 'No API docs: NODE_ENV=production'
      : config.httpAdapter === 'fastify'
        ? `OpenAPI document at http://localhost:${config.port}/${DOCS_PATH}-json (Swagger UI on Fastify needs @fastify/static)`
        : `API docs at http://localhost:${config.port}/${DOCS_PATH}, OpenAPI document at /${DOCS_PATH}-json`,
  );
  logger.log(
    servesGraphQL(config)
      ? `GraphQL at http://localhost:${config.port}${GRAPHQL_PATH} (GraphiQL in a browser unless NODE_ENV=production)`
      : config.httpAdapter === 'fastify'
        ? 'No /graphql on Fastify (Apollo there needs @as-integrations/fastify)'
        : 'No /graphql: GRAPHQL=false',
  );
  logger.log(
    `socket.io gateway on port ${config.port} (token in the handshake's auth.token): whoami, admin-only, ping`,
  );
}

void bootstrap();
