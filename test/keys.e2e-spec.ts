import { createPublicKey } from 'node:crypto';
import { type AddressInfo } from 'node:net';
import { createLocalJWKSet, createRemoteJWKSet, importJWK, jwtVerify, SignJWT } from 'jose';
import { expectAuthError } from './support/expect-auth-error.js';
import { forgeToken, validClaims } from './support/forge-token.js';
import { type AsymmetricAlgorithm, headerOf, privateJwk } from './support/keys.js';
import { bearer, login, type RunningSample, startSample } from './support/sample-app.js';

const ISSUER = 'nest-jwt-auth-sample';
const AUDIENCE = 'sample-api';
const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'];

describe.each<AsymmetricAlgorithm>([
  'ES256',
  'RS256',
  'EdDSA',
  'PS256',
  'ES384',
  'RS384',
  'RS512',
  'PS384',
  'PS512',
  'ES512',
])('the sample signing with %s', (alg) => {
  const jwk = privateJwk(alg, `${alg.toLowerCase()}-1`);
  let sample: RunningSample;
  let baseUrl: string;

  beforeAll(async () => {
    sample = await startSample({ keys: [jwk] });
    await sample.app.listen(0, '127.0.0.1');
    baseUrl = `http://127.0.0.1:${(sample.app.getHttpServer().address() as AddressInfo).port}`;
  });
  afterAll(() => sample.close());

  it(`issues ${alg} tokens naming their key, and accepts them`, async () => {
    const { accessToken } = await login(sample);
    expect(headerOf(accessToken)).toEqual({ alg, typ: 'at+jwt', kid: jwk.kid });
    const me = await sample.http().get('/me').set(bearer(accessToken)).expect(200);
    expect(me.body.sub).toBe('user-1');
  });

  it('publishes the public key at /.well-known/jwks.json, with no private member', async () => {
    const response = await sample.http().get('/.well-known/jwks.json').expect(200);
    expect(response.headers['cache-control']).toBe('public, max-age=300');
    // RFC 7517 section 8.5.
    expect(response.headers['content-type']).toMatch(/^application\/jwk-set\+json(;|$)/);
    expect(response.body.keys).toHaveLength(1);
    const [published] = response.body.keys;
    expect(published).toMatchObject({ kid: jwk.kid, alg, use: 'sig', kty: jwk.kty });
    for (const member of PRIVATE_MEMBERS) expect(published).not.toHaveProperty(member);
  });

  it('issues tokens that jose verifies against the published JWKS, fetched over HTTP', async () => {
    const { accessToken } = await login(sample);
    const jwks = createRemoteJWKSet(new URL(`${baseUrl}/.well-known/jwks.json`));
    const { payload, protectedHeader } = await jwtVerify(accessToken, jwks, {
      issuer: ISSUER,
      audience: AUDIENCE,
      typ: 'at+jwt',
      algorithms: [alg],
    });
    expect(protectedHeader.kid).toBe(jwk.kid);
    // client_id is required of at+jwt tokens (RFC 9068 section 2.2); the sample sets no
    // clientId, so it is the audience.
    expect(payload).toMatchObject({
      sub: 'user-1',
      roles: ['admin', 'user'],
      client_id: AUDIENCE,
    });
  });

  it('accepts a token that jose signed with its key, and refuses one jose signed with another', async () => {
    const sign = async (key: typeof jwk) =>
      new SignJWT({ sid: 'jose-session', jti: 'jose-1', roles: ['user'] })
        .setProtectedHeader({ alg, kid: jwk.kid, typ: 'at+jwt' })
        .setSubject('user-2')
        .setIssuer(ISSUER)
        .setAudience(AUDIENCE)
        .setIssuedAt()
        .setExpirationTime('5m')
        .sign(await importJWK(key, alg));
    const me = await sample
      .http()
      .get('/me')
      .set(bearer(await sign(jwk)))
      .expect(200);
    expect(me.body).toMatchObject({ sub: 'user-2', roles: ['user'] });
    const impostor = privateJwk(alg, jwk.kid);
    expectAuthError(
      await sample
        .http()
        .get('/me')
        .set(bearer(await sign(impostor))),
      401,
      'token_invalid',
    );
  });

  it('refuses algorithm confusion: HS256 keyed with the public key, alg none, another alg', async () => {
    const publicPem = createPublicKey({ key: jwk, format: 'jwk' })
      .export({ type: 'spki', format: 'pem' })
      .toString();
    const published = (await sample.http().get('/.well-known/jwks.json')).body.keys[0];
    const forged = [
      forgeToken({ header: { alg: 'HS256', kid: jwk.kid }, secret: publicPem }),
      forgeToken({ header: { alg: 'HS256', kid: jwk.kid }, secret: JSON.stringify(published) }),
      forgeToken({ header: { alg: 'none', kid: jwk.kid } }),
      forgeToken({ header: { alg: alg === 'RS256' ? 'PS256' : 'RS256', kid: jwk.kid } }),
    ];
    for (const token of forged) {
      expect(JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString())).toMatchObject({
        sub: validClaims().sub,
      });
      expectAuthError(await sample.http().get('/me').set(bearer(token)), 401, 'token_invalid');
    }
  });

  it('lets jose verify its JWKS document offline too, and refuses a token of a foreign kid', async () => {
    const body = (await sample.http().get('/.well-known/jwks.json')).body;
    const { accessToken } = await login(sample);
    await expect(jwtVerify(accessToken, createLocalJWKSet(body))).resolves.toBeDefined();
    const foreign = await new SignJWT({ sid: 's', jti: 'j' })
      .setProtectedHeader({ alg, kid: 'someone-else', typ: 'at+jwt' })
      .setSubject('user-1')
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(await importJWK(jwk, alg));
    expectAuthError(await sample.http().get('/me').set(bearer(foreign)), 401, 'token_invalid');
  });
});

describe('the sample with an HMAC secret', () => {
  let sample: RunningSample;
  beforeAll(async () => {
    sample = await startSample({});
  });
  afterAll(() => sample.close());

  it('publishes an empty key set: a secret is never published', async () => {
    const response = await sample.http().get('/.well-known/jwks.json').expect(200);
    expect(response.body).toEqual({ keys: [] });
  });

  it('signs HS256 tokens without kid', async () => {
    const { accessToken } = await login(sample);
    expect(headerOf(accessToken)).toEqual({ alg: 'HS256', typ: 'at+jwt' });
  });
});
