import { expectAuthError } from './support/expect-auth-error.js';
import { REDIS_URL, deleteKeys, uniqueKeyPrefix } from './support/redis.js';
import { login, startSample } from './support/sample-app.js';

const prefix = uniqueKeyPrefix('restart');

afterAll(async () => {
  await deleteKeys(prefix);
});

describe('revocations in Redis', () => {
  it('survive a restart of the app', async () => {
    const first = await startSample({ redisUrl: REDIS_URL, redisKeyPrefix: prefix });
    const { accessToken, refreshToken } = await login(first);
    const survivor = await login(first, 'bob');
    await first
      .http()
      .post('/auth/logout')
      .set('Authorization', `Bearer ${accessToken}`)
      .expect(204);
    await first.close();

    const second = await startSample({ redisUrl: REDIS_URL, redisKeyPrefix: prefix });
    try {
      expectAuthError(
        await second.http().get('/me').set('Authorization', `Bearer ${accessToken}`),
        401,
        'token_revoked',
      );
      expectAuthError(
        await second.http().post('/auth/refresh').send({ refreshToken }),
        401,
        'refresh_token_invalid',
      );
      // Tokens issued before the restart and never revoked keep working, refresh included.
      await second
        .http()
        .get('/me')
        .set('Authorization', `Bearer ${survivor.accessToken}`)
        .expect(200);
      await second
        .http()
        .post('/auth/refresh')
        .send({ refreshToken: survivor.refreshToken })
        .expect(200);
    } finally {
      await second.close();
    }
  });

  it('live under the configured key prefix, which the test then empties', async () => {
    expect(await deleteKeys(prefix)).toBeGreaterThan(0);
    expect(await deleteKeys(prefix)).toBe(0);
  });
});
