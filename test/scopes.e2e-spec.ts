// @Scopes() and @Roles({ all }) on HTTP routes: scopes granted at login, kept on refresh and read
// from other issuers' tokens, with a real Redis behind the sessions.
import { type AuthJwk, type AuthUser } from 'nest-jwt-auth';
import { startAuthApp } from './support/auth-app.js';
import { expectAuthError } from './support/expect-auth-error.js';
import { foreignToken, issuerKey } from './support/foreign-token.js';
import { insufficientScope, OrdersController } from './support/orders-controller.js';
import { deleteKeys, REDIS_URL, uniqueKeyPrefix } from './support/redis.js';
import { bearer, type RunningSample, type TokenPairBody } from './support/sample-app.js';

const PARTNER = 'https://partner.example';
const partnerKey = issuerKey('ES256');

const USERS: Record<string, AuthUser> = {
  alice: { sub: 'user-1', roles: ['admin', 'auditor'], scopes: ['orders:read', 'orders:write'] },
  bob: { sub: 'user-2', roles: ['admin'], scopes: ['orders:read'] },
  carol: { sub: 'user-3', roles: ['auditor', 'admin'] },
};

const partnerToken = (claims: Record<string, unknown>) =>
  foreignToken(
    partnerKey.privateKey,
    { alg: 'ES256', kid: 'k1' },
    { issuer: PARTNER, audience: 'shop-api', subject: 'p-7', claims },
  );

const claimsOf = (token: string) =>
  JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as Record<
    string,
    unknown
  >;

describe('scopes on HTTP routes', () => {
  const prefix = uniqueKeyPrefix('scopes');
  let shop: RunningSample;

  const login = async (username: string): Promise<TokenPairBody> =>
    (await shop.http().post('/auth/login').send({ username, password: 'pw' }).expect(200)).body;

  beforeAll(async () => {
    shop = await startAuthApp(
      {
        store: { redis: REDIS_URL, keyPrefix: prefix },
        issuer: 'https://shop.example',
        validateCredentials: async (username) => USERS[username] ?? null,
        issuers: [
          {
            issuer: PARTNER,
            audience: 'shop-api',
            keys: [{ ...partnerKey.publicJwk, kid: 'k1' } as AuthJwk],
          },
        ],
      },
      [OrdersController],
    );
  });

  afterAll(async () => {
    await shop?.close();
    await deleteKeys(prefix);
  });

  it('signs the scopes of login into the access token, and gives them to the user', async () => {
    const { accessToken } = await login('alice');
    expect(claimsOf(accessToken).scope).toBe('orders:read orders:write');
    const me = await shop.http().get('/orders').set(bearer(accessToken)).expect(200);
    expect(me.body).toMatchObject({ sub: 'user-1', scopes: ['orders:read', 'orders:write'] });
    await shop.http().post('/orders').set(bearer(accessToken)).expect(201, { createdBy: 'user-1' });
  });

  it('answers a token lacking one of the scopes 403 insufficient_scope with its challenge', async () => {
    const { accessToken } = await login('bob');
    await shop.http().get('/orders').set(bearer(accessToken)).expect(200);
    const refused = await shop.http().post('/orders').set(bearer(accessToken));
    expectAuthError(refused, 403, 'insufficient_scope');
    expect(refused.headers['www-authenticate']).toBe(insufficientScope('orders:read orders:write'));
    expect(refused.body.message).toBe('This route requires the scopes: orders:read orders:write.');
  });

  it('answers a token without any scope alike, naming the scope of the controller', async () => {
    const { accessToken } = await login('carol');
    const refused = await shop.http().get('/orders').set(bearer(accessToken));
    expectAuthError(refused, 403, 'insufficient_scope');
    expect(refused.headers['www-authenticate']).toBe(insufficientScope('orders:read'));
  });

  it('still answers no token 401 token_missing', async () => {
    expectAuthError(await shop.http().post('/orders'), 401, 'token_missing');
  });

  it('keeps the scopes on refresh', async () => {
    const first = await login('alice');
    const second: TokenPairBody = (
      await shop.http().post('/auth/refresh').send({ refreshToken: first.refreshToken }).expect(200)
    ).body;
    expect(claimsOf(second.accessToken).scope).toBe('orders:read orders:write');
    await shop.http().post('/orders').set(bearer(second.accessToken)).expect(201);
  });

  it('requires every role of @Roles({ all }): 403 forbidden, no challenge, otherwise', async () => {
    await shop
      .http()
      .get('/orders/audit')
      .set(bearer((await login('carol')).accessToken))
      .expect(200, { auditedBy: 'user-3' });
    const refused = await shop
      .http()
      .get('/orders/audit')
      .set(bearer((await login('bob')).accessToken));
    expectAuthError(refused, 403, 'forbidden');
    expect(refused.body.message).toBe('This route requires all of the roles: admin, auditor.');
    expect(refused.headers['www-authenticate']).toBeUndefined();
  });

  it("reads another issuer's scope claim as its user's scopes", async () => {
    const granted = await partnerToken({ scope: 'orders:write orders:read' });
    const me = await shop.http().get('/orders').set(bearer(granted)).expect(200);
    expect(me.body).toMatchObject({
      sub: 'p-7',
      iss: PARTNER,
      scopes: ['orders:write', 'orders:read'],
    });
    await shop.http().post('/orders').set(bearer(granted)).expect(201);
    const refused = await shop
      .http()
      .post('/orders')
      .set(bearer(await partnerToken({ scope: 'orders:read' })));
    expectAuthError(refused, 403, 'insufficient_scope');
    expect(refused.headers['www-authenticate']).toBe(insufficientScope('orders:read orders:write'));
  });

  it("refuses another issuer's token whose scope is a list: 401 token_invalid", async () => {
    const listed = await partnerToken({ scope: ['orders:read', 'orders:write'] });
    expectAuthError(await shop.http().get('/orders').set(bearer(listed)), 401, 'token_invalid');
  });
});
