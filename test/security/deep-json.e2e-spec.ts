// Bodies nested thousands of levels deep: class-transformer recurses once per level and used to
// overflow the stack (500, a stack trace in the log). They are refused before it runs.
import 'reflect-metadata';
import { type INestApplication } from '@nestjs/common';
import request from 'supertest';
import { createSampleApp } from '../../sample/create-app.js';
import { CapturingLogger } from '../support/capturing-logger.js';
import { expectAuthError } from '../support/expect-auth-error.js';
import { initHttpApp } from '../support/http-app.js';
import { HTTP_ADAPTER } from '../support/sample-app.js';
import { TEST_SECRET } from '../support/test-secret.js';

const LEVELS = 3_000;
const deepArray = '['.repeat(LEVELS) + ']'.repeat(LEVELS);
const deepObject = '{"a":'.repeat(LEVELS) + '1' + '}'.repeat(LEVELS);

const logger = new CapturingLogger();
let app: INestApplication;

beforeAll(async () => {
  app = await createSampleApp(
    { port: 0, jwtSecret: TEST_SECRET, httpAdapter: HTTP_ADAPTER, graphql: false },
    { logger, abortOnError: false },
  );
  await initHttpApp(app);
});

afterAll(() => app?.close());

afterEach(() => {
  // Not one error line, let alone a RangeError's stack.
  expect(logger.errors).toEqual([]);
});

const post = (path: string, body: string) =>
  request(app.getHttpServer()).post(path).set('Content-Type', 'application/json').send(body);

async function accessToken(): Promise<string> {
  const response = await post('/auth/login', '{"username":"alice","password":"wonderland"}');
  expect(response.status).toBe(200);
  return response.body.accessToken as string;
}

describe.each([
  ['3,000 nested arrays', deepArray],
  ['3,000 nested objects', deepObject],
])('%s', (_case, deep) => {
  it.each([
    ['/auth/login', `{"username":${deep},"password":"x"}`],
    ['/auth/refresh', `{"refreshToken":${deep}}`],
    ['/auth/refresh', `{"extra":${deep}}`],
  ])('in the body of %s: 400 validation_failed', async (path, body) => {
    expect(body.length).toBeLessThan(100_000); // under the body parser's limit: it reaches the pipe
    const response = await post(path, body);
    expectAuthError(response, 400, 'validation_failed');
    expect(response.body.message).toMatch(/nests deeper than/);
  });

  it('in the body of /auth/logout, with a valid token: 400 validation_failed', async () => {
    const response = await post('/auth/logout', `{"x":${deep}}`).set(
      'Authorization',
      `Bearer ${await accessToken()}`,
    );
    expectAuthError(response, 400, 'validation_failed');
  });
});

it('still accepts the flat bodies of the routes', async () => {
  await accessToken();
});
