import 'reflect-metadata';
import { type INestApplication } from '@nestjs/common';
import request from 'supertest';
import { createAuthHttpApp } from '../support/auth-app.js';
import { expectAuthError } from '../support/expect-auth-error.js';
import { REDIS_URL, deleteKeys, uniqueKeyPrefix } from '../support/redis.js';
import { bearer } from '../support/sample-app.js';

const prefix = uniqueKeyPrefix('lifecycle');
let app: INestApplication;

beforeAll(async () => {
  app = await createAuthHttpApp({
    accessTokenTtl: 2,
    clockToleranceSeconds: 2,
    store: { redis: REDIS_URL, keyPrefix: prefix },
    validateCredentials: async (username) => ({ sub: username }),
  });
});

afterAll(async () => {
  await app.close();
  await deleteKeys(prefix);
});

const sleepUntil = (epochMs: number) =>
  new Promise((resolve) => setTimeout(resolve, Math.max(0, epochMs - Date.now())));

async function loginAt(): Promise<{ token: string; exp: number }> {
  const response = await request(app.getHttpServer())
    .post('/auth/login')
    .send({ username: 'ann', password: 'x' })
    .expect(200);
  const token = response.body.accessToken as string;
  const { exp } = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString());
  return { token, exp: exp * 1000 };
}

describe('token lifecycle edges', () => {
  it('logs out with a token already past exp but within the clock tolerance: 204', async () => {
    const { token, exp } = await loginAt();
    await sleepUntil(exp + 500);
    await request(app.getHttpServer()).post('/auth/logout').set(bearer(token)).expect(204);
    expectAuthError(
      await request(app.getHttpServer()).get('/auth/sessions').set(bearer(token)),
      401,
      'token_revoked',
    );
  });

  it('keeps a revocation made at exp - 1 s in force until exp + tolerance, then the token is expired', async () => {
    const { token, exp } = await loginAt();
    await sleepUntil(exp - 1000);
    await request(app.getHttpServer()).post('/auth/logout').set(bearer(token)).expect(204);
    await sleepUntil(exp + 1700);
    expectAuthError(
      await request(app.getHttpServer()).get('/auth/sessions').set(bearer(token)),
      401,
      'token_revoked',
    );
    await sleepUntil(exp + 2600);
    expectAuthError(
      await request(app.getHttpServer()).get('/auth/sessions').set(bearer(token)),
      401,
      'token_expired',
    );
  });
});
