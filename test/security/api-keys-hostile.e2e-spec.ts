import { expectAuthError } from '../support/expect-auth-error.js';
import {
  type ApiKeyApp,
  ApiKeyApps,
  apiKey,
  createKey,
  sessionToken,
} from '../support/api-key-apps.js';
import { TestRedisServer } from '../support/redis-server.js';
import { bearer } from '../support/sample-app.js';

const apps = new ApiKeyApps();
afterAll(() => apps.closeAll());

/** A well-formed key no one was given. */
const unknownKey = () =>
  `njak_${Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString('base64url')}${'A'.repeat(43)}`;

describe('API keys against an attacker', () => {
  let app: ApiKeyApp;
  let token: string;

  beforeAll(async () => {
    app = await apps.start({ apiKeys: { maxFailedLookupsPerIp: 1000 } });
    token = await sessionToken(app);
  });

  it('grant no role or scope in another spelling than the token holds', async () => {
    const user = await sessionToken(app, 'spelling', { roles: ['user'], scopes: ['orders:read'] });
    const create = (body: object) => app.http().post('/auth/api-keys').set(bearer(user)).send(body);
    for (const roles of [['User'], [' user'], ['user '], ['usеr'], ['user\u0000'], ['admin']]) {
      expectAuthError(await create({ name: 'x', roles }), 403, 'forbidden');
    }
    for (const roles of [[1], [['user']], [{}], [null], 'user']) {
      expectAuthError(await create({ name: 'x', roles }), 400, 'validation_failed');
    }
    for (const scopes of [
      ['orders:read '],
      ['ORDERS:READ'],
      ['orders:*'],
      ['orders:read orders:write'],
    ]) {
      const response = await create({ name: 'x', scopes });
      expect([400, 403]).toContain(response.status);
    }
    const twice = await createKey(app, user, { name: 'x', roles: ['user', 'user'] });
    expect(twice.roles).toEqual(['user']);
    expect((await app.http().get('/auth/api-keys').set(bearer(user))).body).toHaveLength(1);
  });

  it('keep the keys of users whose ids hold Redis key syntax apart', async () => {
    const subs = ['ann', 'ann}', '{ann}', 'ann}:api-keys', 'ann}:api-key:x', 'ann:x', '}ann'];
    const keys: Awaited<ReturnType<typeof createKey>>[] = [];
    for (const sub of subs) {
      keys.push(await createKey(app, await sessionToken(app, sub), { name: sub }));
    }
    for (const [i, sub] of subs.entries()) {
      const own = await sessionToken(app, sub);
      const listed = (await app.http().get('/auth/api-keys').set(bearer(own))).body as {
        id: string;
      }[];
      expect(listed.map(({ id }) => id)).toContain(keys[i].id);
      expect(listed.filter(({ id }) => keys.some((key, j) => j !== i && key.id === id))).toEqual(
        [],
      );
      const me = await app.http().get('/me').set(apiKey(keys[i].key)).expect(200);
      expect(me.body.sub).toBe(sub);
      const other = keys[(i + 1) % keys.length];
      expectAuthError(
        await app.http().delete(`/auth/api-keys/${other.id}`).set(bearer(own)),
        404,
        'api_key_not_found',
      );
    }
  });

  it('are read from one header: duplicates, mixed sources and odd spellings', async () => {
    const a = await createKey(app, token, { name: 'a' });
    const b = await createKey(app, token, { name: 'b' });
    const meWith = (headers: Record<string, string | string[]>) =>
      app.http().get('/me').set(headers);
    // Node joins repeated X-API-Key headers with ", ": no key is that.
    expectAuthError(await meWith({ 'X-API-Key': [a.key, b.key] }), 401, 'api_key_invalid');
    const both = await meWith({ 'X-API-Key': a.key, Authorization: `ApiKey ${b.key}` });
    expect(both.body.apiKeyId).toBe(a.id);
    expect((await meWith({ Authorization: `APIKEY   ${b.key}  ` }).expect(200)).body.apiKeyId).toBe(
      b.id,
    );
    for (const bad of [`${a.key}é`, `njak_${'é'.repeat(65)}`, `${a.key}${'A'.repeat(8000)}`]) {
      expectAuthError(await meWith(apiKey(bad)), 401, 'api_key_invalid');
    }
    // The id of one key with the secret of another.
    expectAuthError(
      await meWith(apiKey(a.key.slice(0, 27) + b.key.slice(27))),
      401,
      'api_key_invalid',
    );
  });

  it('refuse another spelling of the same bytes (unused trailing bits set)', async () => {
    const { key } = await createKey(app, token);
    await app.http().get('/me').set(apiKey(key)).expect(200);
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const respell = (text: string) =>
      text.slice(0, -1) + alphabet[alphabet.indexOf(text.at(-1)!) ^ 1];
    const secret = key.slice(27);
    expect(Buffer.from(respell(secret), 'base64url')).toEqual(Buffer.from(secret, 'base64url'));
    expectAuthError(
      await app
        .http()
        .get('/me')
        .set(apiKey(key.slice(0, 27) + respell(secret))),
      401,
      'api_key_invalid',
    );
  });

  it('expire within ten years, given in whole seconds', async () => {
    for (const expiresIn of [10 * 366 * 86400 + 1, 1e300, -1, 0, 1.5, '60', null]) {
      expectAuthError(
        await app.http().post('/auth/api-keys').set(bearer(token)).send({ name: 'x', expiresIn }),
        400,
        'validation_failed',
      );
    }
    const { expiresAt } = (
      await app
        .http()
        .post('/auth/api-keys')
        .set(bearer(token))
        .send({ name: 'x', expiresIn: 10 * 366 * 86400 })
        .expect(201)
    ).body as { expiresAt: string };
    expect(Date.parse(expiresAt)).toBeGreaterThan(Date.now() + 3650 * 86400_000);
  });
});

describe('The throttle of unknown API keys', () => {
  it('ignores X-Forwarded-For without trust proxy, and refuses even a good key not cached here', async () => {
    const app = await apps.start({ apiKeys: { maxFailedLookupsPerIp: 3 } });
    const token = await sessionToken(app);
    const cached = await createKey(app, token, { name: 'cached' });
    const uncached = await createKey(app, token, { name: 'uncached' });
    await app.http().get('/me').set(apiKey(cached.key)).expect(200);
    const guesses = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        app
          .http()
          .get('/me')
          .set({ ...apiKey(unknownKey()), 'X-Forwarded-For': `198.51.100.${i}` }),
      ),
    );
    const statuses = guesses.map((response) => response.status).sort();
    expect(statuses).toEqual([401, 401, 401, 429, 429, 429]);
    await app.http().get('/me').set(apiKey(cached.key)).expect(200);
    // The documented price of sharing an address with a guesser.
    expectAuthError(
      await app.http().get('/me').set(apiKey(uncached.key)),
      429,
      'too_many_attempts',
    );
  });
});

describe('API-key revocation seen by another instance without the mirror', () => {
  it('refuses the key there as soon as the revocation has answered 204', async () => {
    // Uses of the revoked key count as failed lookups from this one address: the throttle has
    // tests of its own, and must not turn these 401s into 429s.
    const options = { revocationMirror: false, apiKeys: { maxFailedLookupsPerIp: 1000 } };
    const a = await apps.start(options);
    const b = await apps.start(options, a.prefix);
    const token = await sessionToken(a);
    const { id, key } = await createKey(a, token);
    await b.http().get('/me').set(apiKey(key)).expect(200);
    const uses = Array.from({ length: 20 }, () =>
      b
        .http()
        .get('/me')
        .set(apiKey(key))
        .then((r) => r),
    );
    await a.http().delete(`/auth/api-keys/${id}`).set(bearer(token)).expect(204);
    const after = await Promise.all(
      Array.from({ length: 10 }, () => b.http().get('/me').set(apiKey(key))),
    );
    expect(after.map((response) => response.status)).toEqual(Array(10).fill(401));
    expect((await Promise.all(uses)).every((r) => [200, 401].includes(r.status))).toBe(true);
  });
});

describe('API-key routes when Redis goes away', () => {
  let redis: TestRedisServer;

  afterAll(() => redis?.stop());

  it('list and revoke answer 503 auth_store_unavailable', async () => {
    redis = await TestRedisServer.start();
    const app = await apps.start({ store: { redis: redis.url }, revocationMirror: false });
    const token = await sessionToken(app);
    const { id } = await createKey(app, token);
    await redis.stop();
    expectAuthError(
      await app.http().get('/auth/api-keys').set(bearer(token)),
      503,
      'auth_store_unavailable',
    );
    expectAuthError(
      await app.http().delete(`/auth/api-keys/${id}`).set(bearer(token)),
      503,
      'auth_store_unavailable',
    );
    expectAuthError(
      await app.http().get('/me').set(apiKey(unknownKey())),
      503,
      'auth_store_unavailable',
    );
  });
});
