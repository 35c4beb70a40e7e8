import { expectAuthError } from './support/expect-auth-error.js';
import { REDIS_URL, deleteKeys, uniqueKeyPrefix } from './support/redis.js';
import { expectSessionEnded } from './support/expect-session-ended.js';
import { sampleForSuite } from './support/sample-for-suite.js';
import {
  type RunningSample,
  bearer,
  login,
  refreshPair,
  startSample,
} from './support/sample-app.js';
import { sidOf } from './support/token-claims.js';

const prefix = uniqueKeyPrefix('auth-flow');

afterAll(async () => {
  await deleteKeys(prefix);
});

describe.each([
  ['Redis', { redisUrl: REDIS_URL, redisKeyPrefix: prefix }],
  ['memory', {}],
])('the sample with the %s store', (_store, config) => {
  let sample: RunningSample;

  beforeAll(async () => {
    sample = await startSample(config);
  });

  afterAll(async () => {
    await sample.close();
  });

  describe('POST /auth/login', () => {
    it('returns a token pair for alice', async () => {
      const pair = await login(sample);
      expect(pair).toEqual({
        accessToken: expect.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]+$/),
        refreshToken: expect.stringMatching(/^[0-9a-f-]{36}\.[\w-]{43}$/),
        tokenType: 'Bearer',
        expiresIn: 900,
        refreshExpiresIn: 604800,
      });
    });

    it.each([
      ['a wrong password', { username: 'alice', password: 'nope' }],
      ['an unknown user', { username: 'mallory', password: 'wonderland' }],
      ["another user's password", { username: 'bob', password: 'wonderland' }],
    ])('refuses %s with 401 invalid_credentials', async (_case, body) => {
      const response = await sample.http().post('/auth/login').send(body);
      expectAuthError(response, 401, 'invalid_credentials');
    });

    it.each([
      ['no body', undefined],
      ['a missing password', { username: 'alice' }],
      ['an empty username', { username: '', password: 'wonderland' }],
      ['a number as password', { username: 'alice', password: 123 }],
      ['an object as username', { username: { $ne: null }, password: 'wonderland' }],
      ['an unknown field', { username: 'alice', password: 'wonderland', admin: true }],
      ['a 10k-character username', { username: 'a'.repeat(10_000), password: 'x' }],
      ['an array body', [{ username: 'alice', password: 'wonderland' }]],
    ])('refuses %s with 400 validation_failed', async (_case, body) => {
      const response = await sample.http().post('/auth/login').send(body);
      expectAuthError(response, 400, 'validation_failed');
    });

    it('names the failing fields in the message', async () => {
      const response = await sample
        .http()
        .post('/auth/login')
        .send({ username: 'alice', extra: 1 });
      expect(response.body.message).toMatch(/password/);
      expect(response.body.message).toMatch(/extra/);
    });
  });

  describe('protected routes', () => {
    it('GET /public needs no token', async () => {
      await sample.http().get('/public').expect(200);
    });

    it('GET /me returns the user of the token', async () => {
      const { accessToken } = await login(sample);
      const response = await sample.http().get('/me').set(bearer(accessToken)).expect(200);
      expect(response.body).toEqual({ sub: 'user-1', username: 'alice', roles: ['admin', 'user'] });
    });

    it('GET /me without a token is 401 token_missing', async () => {
      expectAuthError(await sample.http().get('/me'), 401, 'token_missing');
    });

    it('GET /admin is 200 for alice and 403 forbidden for bob', async () => {
      const alice = await login(sample, 'alice');
      const bob = await login(sample, 'bob');
      await sample.http().get('/admin').set(bearer(alice.accessToken)).expect(200);
      const response = await sample.http().get('/admin').set(bearer(bob.accessToken));
      expectAuthError(response, 403, 'forbidden');
      expect(response.headers['www-authenticate']).toBeUndefined();
    });

    it('accepts the scheme in any case ("bearer")', async () => {
      const { accessToken } = await login(sample);
      await sample.http().get('/me').set('Authorization', `bearer ${accessToken}`).expect(200);
    });
  });

  describe('POST /auth/refresh', () => {
    it('returns a new working pair; the old refresh token is then refused', async () => {
      const first = await login(sample);
      const response = await sample
        .http()
        .post('/auth/refresh')
        .send({ refreshToken: first.refreshToken })
        .expect(200);
      const second = response.body;
      expect(second.refreshToken).not.toBe(first.refreshToken);
      expect(second.accessToken).not.toBe(first.accessToken);
      await sample.http().get('/me').set(bearer(second.accessToken)).expect(200);

      const again = await sample
        .http()
        .post('/auth/refresh')
        .send({ refreshToken: first.refreshToken });
      expectAuthError(again, 401, 'refresh_token_reused');
    });

    it('keeps the session: the new access token has the same sid', async () => {
      const first = await login(sample);
      const second = await refreshPair(sample, first.refreshToken);
      expect(sidOf(second.accessToken)).toBe(sidOf(first.accessToken));
    });

    it('lets exactly one of 10 concurrent refreshes with one token succeed', async () => {
      const { refreshToken } = await login(sample);
      const responses = await Promise.all(
        Array.from({ length: 10 }, () =>
          sample.http().post('/auth/refresh').send({ refreshToken }),
        ),
      );
      const statuses = responses.map((response) => response.status).sort();
      expect(statuses).toEqual([200, ...Array(9).fill(401)]);
      for (const response of responses.filter((each) => each.status === 401)) {
        expect(['refresh_token_reused', 'refresh_token_invalid']).toContain(response.body.code);
      }
    });

    it.each([
      ['an unknown token', `${'0'.repeat(8)}-0000-4000-8000-${'0'.repeat(12)}.${'A'.repeat(43)}`],
      ['a malformed token', 'not a refresh token'],
    ])('refuses %s with 401 refresh_token_invalid', async (_case, refreshToken) => {
      const response = await sample.http().post('/auth/refresh').send({ refreshToken });
      expectAuthError(response, 401, 'refresh_token_invalid');
    });

    it('refuses an access token given as refresh token', async () => {
      const { accessToken } = await login(sample);
      const response = await sample
        .http()
        .post('/auth/refresh')
        .send({ refreshToken: accessToken });
      expectAuthError(response, 401, 'refresh_token_invalid');
    });

    it('refuses a body without refreshToken with 400 validation_failed', async () => {
      const response = await sample.http().post('/auth/refresh').send({ token: 'x' });
      expectAuthError(response, 400, 'validation_failed');
    });
  });

  describe('POST /auth/logout', () => {
    it('answers 204, then the access token is 401 token_revoked and the refresh token dead', async () => {
      const pair = await login(sample);
      await sample.http().post('/auth/logout').set(bearer(pair.accessToken)).send({}).expect(204);
      await expectSessionEnded(sample, pair);
    });

    it('ends only its own session', async () => {
      const mine = await login(sample);
      const other = await login(sample);
      await sample.http().post('/auth/logout').set(bearer(mine.accessToken)).expect(204);
      await sample.http().get('/me').set(bearer(other.accessToken)).expect(200);
    });

    it('revokes the access tokens the session got from earlier refreshes too', async () => {
      const first = await login(sample);
      const second = await refreshPair(sample, first.refreshToken);
      await sample.http().post('/auth/logout').set(bearer(second.accessToken)).expect(204);
      expectAuthError(
        await sample.http().get('/me').set(bearer(first.accessToken)),
        401,
        'token_revoked',
      );
    });

    it('needs an access token', async () => {
      expectAuthError(await sample.http().post('/auth/logout').send({}), 401, 'token_missing');
    });

    it('refuses a body with fields with 400 validation_failed', async () => {
      const { accessToken } = await login(sample);
      const response = await sample
        .http()
        .post('/auth/logout')
        .set(bearer(accessToken))
        .send({ everywhere: true });
      expectAuthError(response, 400, 'validation_failed');
    });
  });
});

describe('the Redis store', () => {
  const { sample, prefix: ownPrefix } = sampleForSuite('auth-flow-ttl');

  it('writes its denylist entry with a TTL (the store cannot grow without bound)', async () => {
    const { Redis } = await import('ioredis');
    const pair = await login(sample);
    await sample.http().post('/auth/logout').set(bearer(pair.accessToken)).expect(204);
    const sid = sidOf(pair.accessToken);
    const client = new Redis(REDIS_URL);
    try {
      const ttl = await client.ttl(`${ownPrefix}{user-1}:deny:sid:${sid}`);
      // The access-token lifetime (15 min) plus twice the tolerance (0) plus a 2 s margin: then
      // every token it blocks has expired (docs/sessions.md#how-long-a-denial-lasts).
      expect(ttl).toBeGreaterThan(900);
      expect(ttl).toBeLessThanOrEqual(902);
    } finally {
      client.disconnect();
    }
  });
});
