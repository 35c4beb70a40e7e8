import { createPublicKey, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';
import { importJWK, SignJWT } from 'jose';
import { type AuthModuleOptions } from 'nest-jwt-auth';
import { expectAuthError } from './support/expect-auth-error.js';
import { forgeToken, validClaims } from './support/forge-token.js';
import { foreignToken, type IssuerKey, issuerKey } from './support/foreign-token.js';
import { type JwksServer, serveKeys, startJwksServer } from './support/jwks-server.js';
import { type AsymmetricAlgorithm, headerOf, privateJwk } from './support/keys.js';
import { deleteKeys, REDIS_URL, uniqueKeyPrefix } from './support/redis.js';
import {
  RS_AUDIENCE,
  RS_ISSUER,
  type ResourceServer,
  startResourceServer,
} from './support/resource-server-app.js';
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

/**
 * Remote key sets as other issuers publish them (PyJWT's to_jwk(), Auth0, Keycloak): keys
 * without alg or kid, and every JWS algorithm, signed by jose.
 */
describe('resource-server mode and the JWKS of other issuers', () => {
  const rsa = issuerKey('RS256');
  const p256 = issuerKey('ES256');
  const p384 = issuerKey('ES384');
  const p521 = issuerKey('ES512');
  const ed25519 = issuerKey('EdDSA');
  /** The key that signs each algorithm, and its kid in the set published without alg. */
  const SIGNER: Record<AsymmetricAlgorithm, [string, IssuerKey]> = {
    RS256: ['rsa', rsa],
    RS384: ['rsa', rsa],
    RS512: ['rsa', rsa],
    PS256: ['rsa', rsa],
    PS384: ['rsa', rsa],
    PS512: ['rsa', rsa],
    ES256: ['p256', p256],
    ES384: ['p384', p384],
    ES512: ['p521', p521],
    EdDSA: ['ed', ed25519],
  };
  const ALL = Object.keys(SIGNER) as AsymmetricAlgorithm[];
  const keyOf = (alg: AsymmetricAlgorithm) => SIGNER[alg][1];
  let published: unknown[] = [];
  let jwks: JwksServer;
  let server: ResourceServer;
  /** Forged with this server's iss and aud: only the key and algorithm rules can refuse it. */
  const forgedFor = (header: Record<string, unknown>, secret?: string) =>
    forgeToken({ header, secret, payload: validClaims({ iss: RS_ISSUER, aud: RS_AUDIENCE }) });

  beforeAll(async () => {
    jwks = await startJwksServer(serveKeys(() => published));
  });
  afterAll(() => jwks.close());
  afterEach(() => server?.close());

  /** Publishes `keys` and starts a resource server on them, with `options`. */
  async function trusting(keys: unknown[], options: Partial<AuthModuleOptions> = {}) {
    published = keys;
    server = await startResourceServer(jwks.url, options);
  }

  describe('keys published without alg (optional, RFC 7517 section 4.4)', () => {
    beforeEach(() =>
      trusting([
        { ...rsa.publicJwk, kid: 'rsa' },
        { ...p256.publicJwk, kid: 'p256' },
        { ...p384.publicJwk, kid: 'p384' },
        { ...p521.publicJwk, kid: 'p521' },
        { ...ed25519.publicJwk, kid: 'ed' },
      ]),
    );

    it.each(ALL)('verify %s, an algorithm their key type fits', async (alg) => {
      const [kid, key] = SIGNER[alg];
      const token = await foreignToken(key.privateKey, { alg, kid });
      expect((await server.me(token).expect(200)).body).toMatchObject({ sub: 'client-user' });
    });

    it('never verify HMAC, keyed with the published key, nor an algorithm of another key type', async () => {
      const forged = [
        forgedFor({ alg: 'HS256', kid: 'rsa' }, JSON.stringify(rsa.publicJwk)),
        forgedFor(
          { alg: 'HS256', kid: 'rsa' },
          createPublicKey({ key: rsa.publicJwk, format: 'jwk' })
            .export({ type: 'spki', format: 'pem' })
            .toString(),
        ),
        await foreignToken(p256.privateKey, { alg: 'ES256', kid: 'p384' }),
        await foreignToken(rsa.privateKey, { alg: 'RS256', kid: 'p256' }),
      ];
      for (const token of forged) {
        const response = await server.me(token);
        expectAuthError(response, 401, 'token_invalid');
        expect(response.body.message).toMatch(/does not match its key/);
      }
    });
  });

  describe('keys published with alg', () => {
    it.each(ALL)('verify %s tokens, which used to be dropped silently', async (alg) => {
      await trusting([{ ...keyOf(alg).publicJwk, kid: 'k', alg }]);
      await server.me(await foreignToken(keyOf(alg).privateKey, { alg, kid: 'k' })).expect(200);
    });

    it('say "unsupported algorithm" for a key the issuer publishes with one we lack', async () => {
      await trusting([
        { ...p256.publicJwk, kid: 'good', alg: 'ES256' },
        { ...p256.publicJwk, kid: 'k256', alg: 'ES256K' },
      ]);
      const kidOfUnsupported = await foreignToken(p256.privateKey, { alg: 'ES256', kid: 'k256' });
      const forUnsupportedAlg = forgedFor({ alg: 'ES256K', kid: 'good' });
      for (const token of [kidOfUnsupported, forUnsupportedAlg]) {
        const response = await server.me(token);
        expectAuthError(response, 401, 'token_invalid');
        expect(response.body.message).toMatch(/unsupported algorithm/);
      }
      await server
        .me(await foreignToken(p256.privateKey, { alg: 'ES256', kid: 'good' }))
        .expect(200);
    });
  });

  describe('kid (the single-key rule of local keys)', () => {
    it('verifies a token without kid against a set holding one key without kid', async () => {
      await trusting([ed25519.publicJwk]);
      await server.me(await foreignToken(ed25519.privateKey, { alg: 'EdDSA' })).expect(200);
      expectAuthError(
        await server.me(await foreignToken(ed25519.privateKey, { alg: 'EdDSA', kid: 'named' })),
        401,
        'token_invalid',
      );
    });

    it('verifies a token without kid against a set of one key that has a kid', async () => {
      await trusting([{ ...p256.publicJwk, kid: 'only' }]);
      await server.me(await foreignToken(p256.privateKey, { alg: 'ES256' })).expect(200);
    });

    it('refuses a token without kid when the set holds several keys', async () => {
      await trusting([
        { ...p256.publicJwk, kid: 'a' },
        { ...ed25519.publicJwk, kid: 'b' },
      ]);
      const response = await server.me(await foreignToken(p256.privateKey, { alg: 'ES256' }));
      expectAuthError(response, 401, 'token_invalid');
      expect(response.body.message).toMatch(/unknown key \(kid\)/);
    });
  });

  describe('typ', () => {
    const signedWith = (typ: string | undefined) =>
      foreignToken(p256.privateKey, { alg: 'ES256', kid: 'k', ...(typ ? { typ } : {}) });

    it('accepts typ JWT or none by default, as many identity providers send', async () => {
      await trusting([{ ...p256.publicJwk, kid: 'k' }]);
      for (const typ of ['JWT', undefined, 'at+jwt'])
        await server.me(await signedWith(typ)).expect(200);
      expectAuthError(await server.me(await signedWith('id+jwt')), 401, 'token_invalid');
    });

    it('requires typ at+jwt with requireAccessTokenType (RFC 9068 section 4)', async () => {
      await trusting([{ ...p256.publicJwk, kid: 'k' }], { requireAccessTokenType: true });
      for (const typ of ['JWT', undefined]) {
        const response = await server.me(await signedWith(typ));
        expectAuthError(response, 401, 'token_invalid');
        expect(response.body.message).toMatch(/not an access token \(typ\)/);
      }
      await server.me(await signedWith('at+jwt')).expect(200);
      await server.me(await signedWith('application/at+jwt')).expect(200);
    });
  });
});
