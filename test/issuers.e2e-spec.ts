import { type AuthJwk, Denylist } from 'nest-jwt-auth';
import { expectAuthError } from './support/expect-auth-error.js';
import { foreignToken, type ForeignTokenOptions, issuerKey } from './support/foreign-token.js';
import { type JwksServer, serveKeys, startJwksServer } from './support/jwks-server.js';
import {
  type MultiIssuerApp,
  OUR_AUDIENCE,
  OUR_ISSUER,
  startMultiIssuerApp,
} from './support/multi-issuer-app.js';
import { deleteKeys, REDIS_URL, uniqueKeyPrefix } from './support/redis.js';
import { bearer, type TokenPairBody } from './support/sample-app.js';

const KEYCLOAK = 'https://sso.example/realms/shop';
const AUTH0 = 'https://shop.eu.auth0.example/';
const AUTH0_AUDIENCE = 'https://shop.example/api';
const PARTNER = 'https://partner.example';

/** Each provider's key; every key set, ours included, names its key `k1`. */
const keycloakKey = issuerKey('RS256');
const auth0Key = issuerKey('RS256');
const partnerKey = issuerKey('ES256');
const published = (publicJwk: Record<string, unknown>, alg: string) => [
  { ...publicJwk, kid: 'k1', alg, use: 'sig' },
];

/** A Keycloak access token: roles in `realm_access.roles`, `typ: JWT`. */
const keycloakToken = (roles: string[], options: ForeignTokenOptions = {}) =>
  foreignToken(
    keycloakKey.privateKey,
    { alg: 'RS256', kid: 'k1', typ: 'JWT' },
    {
      issuer: KEYCLOAK,
      audience: 'shop-api',
      subject: 'f81d4fae-7dec',
      ...options,
      claims: { realm_access: { roles }, ...options.claims },
    },
  );

/** An Auth0 access token: an audience list, permissions in `scope`. */
const auth0Token = (scope: string, options: ForeignTokenOptions = {}) =>
  foreignToken(
    auth0Key.privateKey,
    { alg: 'RS256', kid: 'k1' },
    {
      issuer: AUTH0,
      audience: [AUTH0_AUDIENCE, `${AUTH0}userinfo`],
      subject: 'auth0|42',
      ...options,
      claims: { scope, ...options.claims },
    },
  );

/** A partner's token, verified with keys given in the options (no JWKS). */
const partnerToken = (permissions: string[]) =>
  foreignToken(
    partnerKey.privateKey,
    { alg: 'ES256', kid: 'k1' },
    { issuer: PARTNER, audience: 'shop-api', subject: 'p-7', claims: { permissions } },
  );

/**
 * One app with its own keys trusting Keycloak and Auth0 (each behind a local JWKS server
 * publishing its key under the same kid as ours) and a partner given by its keys, on a real
 * Redis.
 */
describe('several issuers on one app', () => {
  const prefix = uniqueKeyPrefix('issuers');
  let keycloakJwks: JwksServer;
  let auth0Jwks: JwksServer;
  let shop: MultiIssuerApp;

  const login = async (username = 'alice', password = 'wonderland'): Promise<TokenPairBody> =>
    (await shop.http().post('/auth/login').send({ username, password }).expect(200)).body;

  beforeAll(async () => {
    keycloakJwks = await startJwksServer(
      serveKeys(() => published(keycloakKey.publicJwk, 'RS256')),
    );
    auth0Jwks = await startJwksServer(serveKeys(() => published(auth0Key.publicJwk, 'RS256')));
    shop = await startMultiIssuerApp({
      store: { redis: REDIS_URL, keyPrefix: prefix },
      issuers: [
        {
          issuer: KEYCLOAK,
          audience: 'shop-api',
          jwksUrl: keycloakJwks.url,
          roles: 'realm_access.roles',
        },
        { issuer: AUTH0, audience: AUTH0_AUDIENCE, jwksUrl: auth0Jwks.url, roles: 'scope' },
        {
          issuer: PARTNER,
          audience: ['shop-api'],
          keys: [{ ...partnerKey.publicJwk, kid: 'k1' } as AuthJwk],
          user: (claims) => ({
            sub: `partner:${claims.sub}`,
            roles: claims.permissions as string[],
          }),
        },
      ],
    });
  });

  afterAll(async () => {
    await shop?.close();
    await Promise.all([keycloakJwks?.close(), auth0Jwks?.close()]);
    await deleteKeys(prefix);
  });

  it("accepts our tokens and each provider's on one guarded route, each with its user", async () => {
    const ours = await login();
    const tokens = [
      ours.accessToken,
      await keycloakToken(['clerk']),
      await auth0Token('openid read:orders'),
      await partnerToken(['orders:write']),
    ];
    // Twice: the second round comes from the verified-token cache, mapped the same way.
    for (let round = 0; round < 2; round += 1) {
      const users = (
        await Promise.all(tokens.map((token) => shop.get('/me', token).expect(200)))
      ).map((response) => response.body);
      expect(users).toEqual([
        { sub: 'user-1', sid: expect.any(String), roles: ['admin'] },
        expect.objectContaining({ sub: 'f81d4fae-7dec', roles: ['clerk'], iss: KEYCLOAK }),
        expect.objectContaining({ sub: 'auth0|42', roles: ['openid', 'read:orders'], iss: AUTH0 }),
        // Its user function says nothing of scopes: the token's `scope` claim gives them.
        { sub: 'partner:p-7', roles: ['orders:write'], scopes: ['read'], iss: PARTNER },
      ]);
      expect(users[1]).not.toHaveProperty('sid');
      expect(users[1]).not.toHaveProperty('exp');
    }
  });

  it("enforces @Roles() with each issuer's mapped roles", async () => {
    await shop.get('/admin', await keycloakToken(['admin', 'offline_access'])).expect(200);
    await shop.get('/admin', await auth0Token('openid admin')).expect(200);
    await shop.get('/admin', (await login()).accessToken).expect(200);
    for (const token of [
      await keycloakToken(['clerk']),
      // A Keycloak client role is not a realm role.
      await keycloakToken([], { claims: { resource_access: { shop: { roles: ['admin'] } } } }),
      await auth0Token('read:orders administrator'),
      (await login('bob', 'builder')).accessToken,
    ]) {
      expectAuthError(await shop.get('/admin', token), 403, 'forbidden');
    }
  });

  it("refuses a token naming one issuer signed with another's key under the same kid", async () => {
    const signedBy = (key: typeof keycloakKey, options: ForeignTokenOptions) =>
      foreignToken(key.privateKey, { alg: 'RS256', kid: 'k1' }, options);
    const crossed = [
      await signedBy(auth0Key, { issuer: KEYCLOAK, audience: 'shop-api' }),
      await signedBy(keycloakKey, { issuer: AUTH0, audience: AUTH0_AUDIENCE }),
      await signedBy(keycloakKey, {
        issuer: OUR_ISSUER,
        audience: OUR_AUDIENCE,
        subject: 'user-1',
        claims: { sid: 's', jti: 'j', roles: ['admin'] },
      }),
    ];
    for (const token of crossed)
      expectAuthError(await shop.get('/me', token), 401, 'token_invalid');
  });

  it('refuses an unknown or empty iss without asking any JWKS', async () => {
    const asked = () => keycloakJwks.requests.length + auth0Jwks.requests.length;
    await shop.get('/me', await keycloakToken([])).expect(200);
    const before = asked();
    for (const issuer of ['https://evil.example', `${KEYCLOAK}/`, KEYCLOAK.toUpperCase()]) {
      const response = await shop.get('/me', await keycloakToken([], { issuer }));
      expectAuthError(response, 401, 'token_invalid');
      expect(response.body.message).toMatch(/unknown issuer \(iss\)/);
    }
    const unnamed = await shop.get('/me', await keycloakToken([], { issuer: '' }));
    expectAuthError(unnamed, 401, 'token_invalid');
    expect(asked()).toBe(before);
  });

  it("fetches each issuer's JWKS on its own: unknown kids of one never ask the other", async () => {
    await shop.get('/me', await auth0Token('openid')).expect(200);
    const auth0Before = auth0Jwks.requests.length;
    const keycloakBefore = keycloakJwks.requests.length;
    for (let i = 0; i < 20; i += 1) {
      const token = await foreignToken(
        keycloakKey.privateKey,
        { alg: 'RS256', kid: `rotated-${i}` },
        { issuer: KEYCLOAK, audience: 'shop-api' },
      );
      expectAuthError(await shop.get('/me', token), 401, 'token_invalid');
    }
    expect(auth0Jwks.requests.length).toBe(auth0Before);
    expect(keycloakJwks.requests.length - keycloakBefore).toBeLessThanOrEqual(1);
  });

  it("revokes a provider's token by its jti on the Redis denylist", async () => {
    const token = await keycloakToken(['clerk'], { claims: { jti: 'kc-token-1' } });
    await shop.get('/me', token).expect(200);
    await shop.app.get(Denylist).add('f81d4fae-7dec', 'jti:kc-token-1', 300);
    expectAuthError(await shop.get('/me', token), 401, 'token_revoked');
  });

  it("keeps other issuers' tokens off the session routes, even with one of our users' sub", async () => {
    const alice = await login();
    const sid = JSON.parse(Buffer.from(alice.accessToken.split('.')[1], 'base64url').toString())
      .sid as string;
    const impostor = await keycloakToken(['admin'], { subject: 'user-1' });
    const refusals = await Promise.all([
      shop.http().get('/auth/sessions').set(bearer(impostor)),
      shop.http().post('/auth/logout').set(bearer(impostor)),
      shop.http().post('/auth/logout-all').set(bearer(impostor)),
      shop.http().delete(`/auth/sessions/${sid}`).set(bearer(impostor)),
    ]);
    for (const response of refusals) {
      expectAuthError(response, 403, 'forbidden');
      expect(response.body.message).toMatch(/only access tokens this app issued/);
    }
    await shop.get('/me', alice.accessToken).expect(200);
    const sessions = await shop.get('/auth/sessions', alice.accessToken).expect(200);
    expect(sessions.body).toContainEqual(expect.objectContaining({ id: sid, current: true }));
  });
});

describe("several issuers when one provider's JWKS is down", () => {
  let keycloakJwks: JwksServer;
  let shop: MultiIssuerApp;

  beforeAll(async () => {
    keycloakJwks = await startJwksServer(
      serveKeys(() => published(keycloakKey.publicJwk, 'RS256')),
    );
    shop = await startMultiIssuerApp({
      issuers: [
        { issuer: KEYCLOAK, audience: 'shop-api', jwksUrl: keycloakJwks.url },
        // Port 1 refuses connections: Auth0 is unreachable from the start.
        { issuer: AUTH0, audience: AUTH0_AUDIENCE, jwksUrl: 'http://127.0.0.1:1/jwks.json' },
      ],
    });
  });

  afterAll(async () => {
    await shop?.close();
    await keycloakJwks?.close();
  });

  it("answers 503 jwks_unavailable for that provider's tokens only", async () => {
    expectAuthError(await shop.get('/me', await auth0Token('openid')), 503, 'jwks_unavailable');
    await shop.get('/me', await keycloakToken([])).expect(200);
    const { accessToken } = (
      await shop
        .http()
        .post('/auth/login')
        .send({ username: 'alice', password: 'wonderland' })
        .expect(200)
    ).body as TokenPairBody;
    await shop.get('/me', accessToken).expect(200);
  });
});
