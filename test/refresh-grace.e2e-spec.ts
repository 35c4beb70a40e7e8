import { expectAuthError } from './support/expect-auth-error.js';
import { REDIS_URL, deleteKeys, uniqueKeyPrefix } from './support/redis.js';
import {
  type RunningSample,
  type TokenPairBody,
  bearer,
  login,
  startSample,
} from './support/sample-app.js';

const prefix = uniqueKeyPrefix('grace');

afterAll(async () => {
  await deleteKeys(prefix);
});

describe.each([
  ['Redis', { redisUrl: REDIS_URL, redisKeyPrefix: prefix }],
  ['memory', {}],
])('refreshReuseGraceSeconds: 1 with the %s store', (_store, config) => {
  let sample: RunningSample;

  beforeAll(async () => {
    sample = await startSample({ ...config, refreshReuseGraceSeconds: 1 });
  });

  afterAll(async () => {
    await sample.close();
  });

  const refresh = (refreshToken: string) =>
    sample.http().post('/auth/refresh').send({ refreshToken });

  it('answers a retry within the window with the same successor pair, never a second one', async () => {
    const first = await login(sample);
    const successor: TokenPairBody = (await refresh(first.refreshToken).expect(200)).body;
    const retries = await Promise.all([refresh(first.refreshToken), refresh(first.refreshToken)]);
    for (const retry of retries) {
      expect(retry.status).toBe(200);
      expect(retry.body).toEqual(successor);
    }
    await sample.http().get('/me').set(bearer(successor.accessToken)).expect(200);
    const next = (await refresh(successor.refreshToken).expect(200)).body;
    await sample.http().get('/me').set(bearer(next.accessToken)).expect(200);
  });

  it('treats a token older than the previous one as reuse, even within the window', async () => {
    const first = await login(sample);
    const second = (await refresh(first.refreshToken).expect(200)).body;
    const third = (await refresh(second.refreshToken).expect(200)).body;
    expectAuthError(await refresh(first.refreshToken), 401, 'refresh_token_reused');
    expectAuthError(
      await sample.http().get('/me').set(bearer(third.accessToken)),
      401,
      'token_revoked',
    );
  });

  it('revokes the session when the rotated token comes back after the window', async () => {
    const first = await login(sample);
    const second = (await refresh(first.refreshToken).expect(200)).body;
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expectAuthError(await refresh(first.refreshToken), 401, 'refresh_token_reused');
    expectAuthError(
      await sample.http().get('/me').set(bearer(second.accessToken)),
      401,
      'token_revoked',
    );
  });
});
