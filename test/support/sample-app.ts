import 'reflect-metadata';
import { type INestApplication } from '@nestjs/common';
import request from 'supertest';
import { createSampleApp } from '../../sample/create-app.js';
import { type SampleConfig } from '../../sample/sample-config.js';
import { HTTP_ADAPTER, initHttpApp } from './http-app.js';
import { TEST_SECRET } from './test-secret.js';

export { HTTP_ADAPTER };

export interface RunningSample {
  app: INestApplication;
  http: () => ReturnType<typeof request>;
  close: () => Promise<void>;
}

/**
 * Boots the real sample app in-process (no port: supertest drives its HTTP server). Without
 * `graphql: true` it serves no /graphql: loading Apollo would add about 0.5 s to each suite.
 */
export async function startSample(config: Partial<SampleConfig>): Promise<RunningSample> {
  const app = await createSampleApp(
    { port: 0, jwtSecret: TEST_SECRET, httpAdapter: HTTP_ADAPTER, graphql: false, ...config },
    // A configuration error rejects (for tests to assert) instead of exiting the process.
    { logger: false, abortOnError: false },
  );
  await initHttpApp(app);
  return {
    app,
    http: () => request(app.getHttpServer()),
    close: () => app.close(),
  };
}

export interface TokenPairBody {
  accessToken: string;
  refreshToken: string;
  tokenType: string;
  expiresIn: number;
  refreshExpiresIn: number;
}

/** Logs in through `POST /auth/login` and returns the token pair. */
export async function login(
  sample: RunningSample,
  username = 'alice',
  password = username === 'alice' ? 'wonderland' : 'builder',
): Promise<TokenPairBody> {
  const response = await sample.http().post('/auth/login').send({ username, password }).expect(200);
  return response.body as TokenPairBody;
}

/** The `Authorization` header of an access token. */
export const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

/** Refreshes through `POST /auth/refresh`, expecting success. */
export async function refreshPair(
  sample: RunningSample,
  refreshToken: string,
): Promise<TokenPairBody> {
  return (await sample.http().post('/auth/refresh').send({ refreshToken }).expect(200)).body;
}
