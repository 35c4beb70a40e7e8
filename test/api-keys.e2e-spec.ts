import { Redis } from 'ioredis';
import { startAuthApp } from './support/auth-app.js';
import {
  type ApiKeyApp,
  ApiKeyApps,
  apiKey,
  createKey,
  sessionToken,
} from './support/api-key-apps.js';
import { expectAuthError } from './support/expect-auth-error.js';
import { REDIS_URL, uniqueKeyPrefix } from './support/redis.js';
import { TestRedisServer } from './support/redis-server.js';
import { type RunningSample, bearer, login, startSample } from './support/sample-app.js';
import { sidOf } from './support/token-claims.js';
import { within } from './support/within.js';

const apps = new ApiKeyApps();
const start = (...args: Parameters<ApiKeyApps['start']>) => apps.start(...args);

afterAll(() => apps.closeAll());

describe('API keys', () => {
  let app: ApiKeyApp;
  let token: string;

  beforeAll(async () => {
    // Refused keys from this suite's one address add up: the throttle has a test of its own.
    app = await start({ apiKeys: { maxFailedLookupsPerIp: 1000 } });
    token = await sessionToken(app);
  });

  it('are shown once at creation, and authenticate through X-API-Key and Authorization: ApiKey', async () => {
    const created = await createKey(app, token, {
      name: 'deploy',
      roles: ['user'],
      scopes: ['orders:read'],
    });
    expect(created).toEqual({
      id: expect.stringMatching(/^[\w-]{22}$/),
      key: expect.stringMatching(/^njak_[\w-]{65}$/),
      name: 'deploy',
      roles: ['user'],
      scopes: ['orders:read'],
      createdAt: expect.stringMatching(/^\d{4}-/),
      lastUsedAt: null,
      expiresAt: null,
    });
    expect(created.key.slice(5, 27)).toBe(created.id);
    const me = { sub: 'ann', roles: ['user'], scopes: ['orders:read'], apiKeyId: created.id };
    expect((await app.http().get('/me').set(apiKey(created.key)).expect(200)).body).toEqual(me);
    const viaAuthorization = await app
      .http()
      .get('/me')
      .set('Authorization', `apikey ${created.key}`)
      .expect(200);
    expect(viaAuthorization.body).toEqual(me);
    expect(viaAuthorization.body.sid).toBeUndefined();
  });

  it('honour @Roles() and @Scopes() with what the key grants, not what its creator has', async () => {
    const narrow = await createKey(app, token, { name: 'narrow' });
    expectAuthError(await app.http().get('/admin').set(apiKey(narrow.key)), 403, 'forbidden');
    expectAuthError(
      await app.http().get('/orders').set(apiKey(narrow.key)),
      403,
      'insufficient_scope',
    );
    const wide = await createKey(app, token, {
      name: 'wide',
      roles: ['admin'],
      scopes: ['orders:read'],
    });
    await app.http().get('/admin').set(apiKey(wide.key)).expect(200, { admin: 'ann' });
    await app.http().get('/orders').set(apiKey(wide.key)).expect(200);
  });

  it('cannot grant a role or a scope the creating token lacks: 403 forbidden', async () => {
    const plain = await sessionToken(app, 'bob', { roles: ['user'], scopes: ['orders:read'] });
    for (const body of [
      { name: 'x', roles: ['admin'] },
      { name: 'x', scopes: ['orders:write'] },
    ]) {
      expectAuthError(
        await app.http().post('/auth/api-keys').set(bearer(plain)).send(body),
        403,
        'forbidden',
      );
    }
    expect((await app.http().get('/auth/api-keys').set(bearer(plain))).body).toEqual([]);
  });

  it('refuse bad bodies with 400 validation_failed', async () => {
    for (const body of [
      {},
      { name: '' },
      { name: 'x'.repeat(101) },
      { name: 'x', roles: 'admin' },
      { name: 'x', scopes: ['has space'] },
      { name: 'x', expiresIn: 0 },
      { name: 'x', expiresIn: '7d' },
      { name: 'x', extra: true },
    ]) {
      expectAuthError(
        await app.http().post('/auth/api-keys').set(bearer(token)).send(body),
        400,
        'validation_failed',
      );
    }
  });

  it('are listed without secrets, with their last use', async () => {
    const bob = await sessionToken(app, 'bob-lists');
    const created = await createKey(app, bob, { name: 'listed', expiresIn: 3600 });
    await app.http().get('/me').set(apiKey(created.key)).expect(200);
    await within(1000, async () => {
      const [listed] = (await app.http().get('/auth/api-keys').set(bearer(bob))).body;
      return listed.lastUsedAt !== null;
    });
    const listed = (await app.http().get('/auth/api-keys').set(bearer(bob)).expect(200)).body;
    expect(listed).toEqual([
      {
        id: created.id,
        name: 'listed',
        roles: [],
        scopes: [],
        createdAt: expect.any(String),
        lastUsedAt: expect.any(String),
        expiresAt: expect.any(String),
      },
    ]);
    expect(Date.parse(listed[0].expiresAt) - Date.parse(listed[0].createdAt)).toBe(3600_000);
    expect(JSON.stringify(listed)).not.toContain(created.key.slice(27));
  });

  it('refuse unknown, malformed and tampered keys with 401 api_key_invalid', async () => {
    const { key } = await createKey(app, token);
    const tampered = key.slice(0, -2) + (key.endsWith('AA') ? 'AE' : 'AA');
    for (const bad of ['njak_nope', `${key} extra`, tampered, 'njak_' + 'A'.repeat(65)]) {
      expectAuthError(await app.http().get('/me').set(apiKey(bad)), 401, 'api_key_invalid');
    }
    expectAuthError(
      await app.http().get('/me').set('Authorization', 'ApiKey'),
      401,
      'token_missing',
    );
  });

  it('cannot create keys, nor use the session routes: 403 forbidden', async () => {
    const { key } = await createKey(app, token, { name: 'minter', roles: ['admin'] });
    const asKey = (request: ReturnType<ReturnType<RunningSample['http']>['get']>) =>
      request.set(apiKey(key));
    for (const request of [
      asKey(app.http().post('/auth/api-keys').send({ name: 'more' })),
      asKey(app.http().get('/auth/api-keys')),
      asKey(app.http().delete('/auth/api-keys/AAAAAAAAAAAAAAAAAAAAAA')),
      asKey(app.http().post('/auth/logout')),
      asKey(app.http().post('/auth/logout-all')),
      asKey(app.http().get('/auth/sessions')),
      asKey(app.http().post('/auth/ticket').send({ path: '/events' })),
    ]) {
      expectAuthError(await request, 403, 'forbidden');
    }
    await app.http().get('/me').set(apiKey(key)).expect(200);
  });

  it("revoke one's own key only: another user's id answers 404 like a missing one", async () => {
    const { id, key } = await createKey(app, token);
    const eve = await sessionToken(app, 'eve');
    expectAuthError(
      await app.http().delete(`/auth/api-keys/${id}`).set(bearer(eve)),
      404,
      'api_key_not_found',
    );
    expectAuthError(
      await app.http().delete('/auth/api-keys/AAAAAAAAAAAAAAAAAAAAAA').set(bearer(eve)),
      404,
      'api_key_not_found',
    );
    expectAuthError(
      await app.http().delete('/auth/api-keys/not-an-id').set(bearer(eve)),
      400,
      'validation_failed',
    );
    await app.http().get('/me').set(apiKey(key)).expect(200);
    await app.http().delete(`/auth/api-keys/${id}`).set(bearer(token)).expect(204);
    expectAuthError(await app.http().get('/me').set(apiKey(key)), 401, 'api_key_invalid');
  });

  it('revoked in a burst while in use: every use after the revocations is refused', async () => {
    const { id, key } = await createKey(app, token);
    const uses = await Promise.all(
      Array.from({ length: 30 }, () => app.http().get('/me').set(apiKey(key))),
    );
    expect(uses.map((response) => response.status)).toEqual(Array(30).fill(200));
    const [revokes, during] = await Promise.all([
      Promise.all(
        Array.from({ length: 10 }, () =>
          app.http().delete(`/auth/api-keys/${id}`).set(bearer(token)),
        ),
      ),
      Promise.all(Array.from({ length: 10 }, () => app.http().get('/me').set(apiKey(key)))),
    ]);
    // Concurrent revocations may all find the key before one deletes it: each one denies it.
    const statuses = revokes.map((response) => response.status);
    expect(statuses).toContain(204);
    expect(statuses.every((status) => status === 204 || status === 404)).toBe(true);
    expect(during.every((response) => [200, 401].includes(response.status))).toBe(true);
    const after = await Promise.all(
      Array.from({ length: 10 }, () => app.http().get('/me').set(apiKey(key))),
    );
    expect(after.map((response) => response.status)).toEqual(Array(10).fill(401));
  });
});

describe('API keys on two instances sharing Redis', () => {
  it('are refused by the other instance as soon as they are revoked (revocation mirror)', async () => {
    const a = await start({ revocationMirror: true });
    const b = await start({ revocationMirror: true }, a.prefix);
    const token = await sessionToken(a);
    const { id, key } = await createKey(a, token);
    // Cached on b: only the revocation can refuse it there.
    await b.http().get('/me').set(apiKey(key)).expect(200);
    await a.http().delete(`/auth/api-keys/${id}`).set(bearer(token)).expect(204);
    expectAuthError(await a.http().get('/me').set(apiKey(key)), 401, 'api_key_invalid');
    await within(100, async () => (await b.http().get('/me').set(apiKey(key))).status === 401);
    expectAuthError(await b.http().get('/me').set(apiKey(key)), 401, 'api_key_invalid');
  });
});

describe('API key limits', () => {
  it('hold under a burst of creations: never more than maxKeysPerUser', async () => {
    const app = await start({ apiKeys: { maxKeysPerUser: 5 } });
    const token = await sessionToken(app);
    const created = await Promise.all(
      Array.from({ length: 12 }, () =>
        app.http().post('/auth/api-keys').set(bearer(token)).send({ name: 'burst' }),
      ),
    );
    const statuses = created.map((response) => response.status).sort();
    expect(statuses).toEqual([...Array(5).fill(201), ...Array(7).fill(409)]);
    expectAuthError(
      created.find((r) => r.status === 409)!,
      409,
      'api_key_limit_reached',
    );
    expect((await app.http().get('/auth/api-keys').set(bearer(token))).body).toHaveLength(5);
  });

  it('are created only by a recent login: 401 insufficient_user_authentication past freshLoginSeconds', async () => {
    let now = Date.now();
    const app = await start({ clock: () => now, apiKeys: { freshLoginSeconds: 60 } });
    const token = await sessionToken(app);
    // Past 60 s and the 5 s clock tolerance; the access token itself lives 15 minutes.
    now += 66_000;
    await app.http().get('/me').set(bearer(token)).expect(200);
    const stale = await app.http().post('/auth/api-keys').set(bearer(token)).send({ name: 'ci' });
    expect([stale.status, stale.body.code]).toEqual([401, 'insufficient_user_authentication']);
    expect(stale.headers['www-authenticate']).toBe(
      'Bearer realm="nest-jwt-auth", error="insufficient_user_authentication", max_age=60',
    );
    expect((await app.http().get('/auth/api-keys').set(bearer(token))).body).toEqual([]);
    await createKey(app, await sessionToken(app));
  });

  it('revoke a key whose session ended while it was being made: 401 token_revoked', async () => {
    const app = await start();
    const token = await sessionToken(app);
    // The record gone but no denial yet: the guard admits the token, as it would a request
    // that passed it just before a logout everywhere.
    const redis = new Redis(REDIS_URL);
    await redis.del(`${app.prefix}{ann}:session:${sidOf(token)}`);
    redis.disconnect();
    const made = await app.http().post('/auth/api-keys').set(bearer(token)).send({ name: 'late' });
    expectAuthError(made, 401, 'token_revoked');
    const other = await sessionToken(app);
    expect((await app.http().get('/auth/api-keys').set(bearer(other))).body).toEqual([]);
  });

  it('refuse an expired key, cached or not', async () => {
    let now = Date.now();
    const app = await start({ clock: () => now });
    const token = await sessionToken(app);
    const { key } = await createKey(app, token, { name: 'short', expiresIn: 60 });
    await app.http().get('/me').set(apiKey(key)).expect(200);
    now += 61_000;
    expectAuthError(await app.http().get('/me').set(apiKey(key)), 401, 'api_key_invalid');
  });

  it('throttle unknown keys per IP with 429 too_many_attempts, never a cached good key', async () => {
    const app = await start({ apiKeys: { maxFailedLookupsPerIp: 3 } });
    const token = await sessionToken(app);
    const { key } = await createKey(app, token);
    await app.http().get('/me').set(apiKey(key)).expect(200);
    const unknown = () =>
      `njak_${'A'.repeat(22)}${Math.random().toString(36).slice(2, 12).padEnd(42, 'A')}A`;
    const guesses = await Promise.all(
      Array.from({ length: 3 }, () => app.http().get('/me').set(apiKey(unknown()))),
    );
    expect(guesses.map((response) => response.status)).toEqual([401, 401, 401]);
    const refused = await app.http().get('/me').set(apiKey(unknown()));
    expectAuthError(refused, 429, 'too_many_attempts');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(800);
    expectAuthError(await app.http().get('/me').set(apiKey(unknown())), 429, 'too_many_attempts');
    await app.http().get('/me').set(apiKey(key)).expect(200);
  });

  it('are not routes without apiKey in tokenLookup: 404', async () => {
    const app = await start({ tokenLookup: ['header'] });
    const token = await sessionToken(app);
    await app.http().get('/auth/api-keys').set(bearer(token)).expect(404);
    await app.http().post('/auth/api-keys').set(bearer(token)).send({ name: 'x' }).expect(404);
  });

  it('work with the memory store', async () => {
    const app = apps.track(
      await startAuthApp({ store: 'memory', tokenLookup: ['header', 'apiKey'] }),
    );
    const token = await sessionToken(app);
    const { id, key } = await createKey(app, token);
    await app.http().get('/me').set(apiKey(key)).expect(200);
    await app.http().delete(`/auth/api-keys/${id}`).set(bearer(token)).expect(204);
    expectAuthError(await app.http().get('/me').set(apiKey(key)), 401, 'api_key_invalid');
  });
});

describe('API keys when Redis goes away', () => {
  let redis: TestRedisServer;

  afterAll(() => redis?.stop());

  it('answer 503 auth_store_unavailable, never a pass', async () => {
    redis = await TestRedisServer.start();
    const app = await start({ store: { redis: redis.url } });
    const token = await sessionToken(app);
    const cached = await createKey(app, token);
    const uncached = await createKey(app, token);
    await app.http().get('/me').set(apiKey(cached.key)).expect(200);
    await redis.stop();
    const started = Date.now();
    let answer = await app.http().get('/me').set(apiKey(cached.key));
    while (answer.status === 200 && Date.now() - started < 1000) {
      answer = await app.http().get('/me').set(apiKey(cached.key));
    }
    expectAuthError(answer, 503, 'auth_store_unavailable');
    expectAuthError(
      await app.http().get('/me').set(apiKey(uncached.key)),
      503,
      'auth_store_unavailable',
    );
    expectAuthError(
      await app.http().post('/auth/api-keys').set(bearer(token)).send({ name: 'x' }),
      503,
      'auth_store_unavailable',
    );
  });
});

describe("the sample's API keys", () => {
  it('are created by a logged-in user and open the routes of their roles', async () => {
    const prefix = uniqueKeyPrefix('sample-keys');
    const sample = apps.track(
      await startSample({ redisUrl: REDIS_URL, redisKeyPrefix: prefix }),
      prefix,
    );
    const { accessToken } = await login(sample);
    const { key } = await createKey(sample, accessToken, { name: 'script', roles: ['admin'] });
    const me = await sample.http().get('/me').set(apiKey(key)).expect(200);
    expect(me.body).toMatchObject({ sub: 'user-1', roles: ['admin'] });
    await sample.http().get('/admin').set('Authorization', `ApiKey ${key}`).expect(200);
    expectAuthError(await sample.http().get('/auth/sessions').set(apiKey(key)), 403, 'forbidden');
  });
});
