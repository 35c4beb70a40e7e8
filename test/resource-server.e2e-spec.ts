import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';
import { importJWK, SignJWT } from 'jose';
import { expectAuthError } from './support/expect-auth-error.js';
import { headerOf, privateJwk } from './support/keys.js';
import { deleteKeys, REDIS_URL, uniqueKeyPrefix } from './support/redis.js';
import { bearer, login, type RunningSample, startSample } from './support/sample-app.js';

/**
 * An issuer (the sample with an ES256 key) and a resource server (the sample with JWT_JWKS_URL)
 * sharing one Redis. The resource server fetches the issuer's JWKS through a small server that
 * counts the fetches.
 */
describe('resource-server mode', () => {
  const prefix = uniqueKeyPrefix('resource-server');
  const key = privateJwk('ES256', 'issuer-1');
  let issuer: RunningSample;
  let resource: RunningSample;
  let jwksServer: Server;
  let jwksFetches = 0;

  const redis = { redisUrl: REDIS_URL, redisKeyPrefix: prefix };
  const me = (sample: RunningSample, token: string) => sample.http().get('/me').set(bearer(token));
  const signed = async (claims: { iss?: string; aud?: string; kid?: string }) =>
    new SignJWT({ sid: randomUUID(), jti: randomUUID(), roles: ['user'] })
      .setProtectedHeader({ alg: 'ES256', kid: claims.kid ?? key.kid, typ: 'at+jwt' })
      .setSubject('user-2')
      .setIssuer(claims.iss ?? 'nest-jwt-auth-sample')
      .setAudience(claims.aud ?? 'sample-api')
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(await importJWK(key, 'ES256'));

  beforeAll(async () => {
    issuer = await startSample({ keys: [key], ...redis });
    const jwks = JSON.stringify((await issuer.http().get('/.well-known/jwks.json')).body);
    jwksServer = createServer((_request, response) => {
      jwksFetches += 1;
      response.setHeader('content-type', 'application/json');
      response.end(jwks);
    });
    await new Promise<void>((resolve) => jwksServer.listen(0, '127.0.0.1', resolve));
    const { port } = jwksServer.address() as AddressInfo;
    resource = await startSample({
      jwksUrl: `http://127.0.0.1:${port}/.well-known/jwks.json`,
      ...redis,
    });
  });

  afterAll(async () => {
    await Promise.all([issuer?.close(), resource?.close()]);
    await new Promise((resolve) => jwksServer?.close(resolve));
    await deleteKeys(prefix);
  });

  it("accepts the issuer's tokens, roles included", async () => {
    const { accessToken } = await login(issuer);
    expect((await me(resource, accessToken).expect(200)).body.sub).toBe('user-1');
    await resource.http().get('/admin').set(bearer(accessToken)).expect(200);
    const bob = await login(issuer, 'bob');
    expectAuthError(
      await resource.http().get('/admin').set(bearer(bob.accessToken)),
      403,
      'forbidden',
    );
  });

  it('sees a logout on the issuer at once, through the shared Redis denylist', async () => {
    const { accessToken } = await login(issuer);
    await me(resource, accessToken).expect(200);
    await issuer.http().post('/auth/logout').set(bearer(accessToken)).expect(204);
    expectAuthError(await me(resource, accessToken), 401, 'token_revoked');
  });

  it('has no login, refresh, sessions or JWKS route of its own', async () => {
    const { accessToken } = await login(issuer);
    await resource
      .http()
      .post('/auth/login')
      .send({ username: 'alice', password: 'wonderland' })
      .expect(404);
    await resource.http().post('/auth/refresh').send({ refreshToken: 'x.y' }).expect(404);
    await resource.http().get('/auth/sessions').set(bearer(accessToken)).expect(404);
    await resource.http().get('/.well-known/jwks.json').expect(404);
  });

  it('refuses tokens of another issuer or audience, even signed with the right key', async () => {
    await me(resource, await signed({})).expect(200);
    expectAuthError(await me(resource, await signed({ iss: 'elsewhere' })), 401, 'token_invalid');
    expectAuthError(await me(resource, await signed({ aud: 'other-api' })), 401, 'token_invalid');
  });

  it('accepts a typical foreign access token: typ JWT, no sid or jti', async () => {
    const foreign = await new SignJWT({ scope: 'read' })
      .setProtectedHeader({ alg: 'ES256', kid: key.kid, typ: 'JWT' })
      .setSubject('auth0|123')
      .setIssuer('nest-jwt-auth-sample')
      .setAudience('sample-api')
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(await importJWK(key, 'ES256'));
    expect((await me(resource, foreign).expect(200)).body).toMatchObject({ sub: 'auth0|123' });
    expectAuthError(await me(issuer, foreign), 401, 'token_invalid');
  });

  it('refuses an HS256 token of a secret-configured app: it names no key of the JWKS', async () => {
    const hmacApp = await startSample({});
    try {
      const { accessToken } = await login(hmacApp);
      expect(headerOf(accessToken).kid).toBeUndefined();
      expectAuthError(await me(resource, accessToken), 401, 'token_invalid');
    } finally {
      await hmacApp.close();
    }
  });

  it('fetches the JWKS at most once for a flood of tokens naming unknown kids', async () => {
    await me(resource, await signed({})).expect(200);
    const before = jwksFetches;
    for (let i = 0; i < 50; i += 1) {
      const response = await me(resource, await signed({ kid: `made-up-${i}` }));
      expectAuthError(response, 401, 'token_invalid');
    }
    expect(jwksFetches - before).toBeLessThanOrEqual(1);
  });
});

describe('resource-server mode when the JWKS cannot be fetched', () => {
  const me = (sample: RunningSample, token: string) => sample.http().get('/me').set(bearer(token));

  it('answers 503 jwks_unavailable, not 401, while it has no key at all', async () => {
    const key = privateJwk('ES256', 'k');
    const issuer = await startSample({ keys: [key] });
    // Port 1 refuses connections: the issuer is "down" from the resource server's view.
    const resource = await startSample({ jwksUrl: 'http://127.0.0.1:1/.well-known/jwks.json' });
    try {
      const { accessToken } = await login(issuer);
      expectAuthError(await me(resource, accessToken), 503, 'jwks_unavailable');
    } finally {
      await Promise.all([issuer.close(), resource.close()]);
    }
  });
});
