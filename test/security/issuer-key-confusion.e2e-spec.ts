import { createPublicKey } from 'node:crypto';
import { expectAuthError } from '../support/expect-auth-error.js';
import { forgeToken, validClaims } from '../support/forge-token.js';
import { foreignToken, type IssuerKey, issuerKey } from '../support/foreign-token.js';
import { type JwksServer, serveKeys, startJwksServer } from '../support/jwks-server.js';
import {
  type MultiIssuerApp,
  OUR_AUDIENCE,
  OUR_ISSUER,
  startMultiIssuerApp,
} from '../support/multi-issuer-app.js';
import { TEST_SECRET } from '../support/test-secret.js';

/**
 * Cross-issuer key confusion: an app signing with its HMAC secret trusts two providers whose
 * JWKS both publish their key under the same kid. A token is checked with the keys of the
 * issuer its `iss` names and no other, so no key (nor the app's own secret) can vouch for a
 * token naming another issuer.
 */
const A = 'https://a.example';
const B = 'https://b.example';
const keyA = issuerKey('RS256');
const keyB = issuerKey('RS256');
const KEYS: Record<string, IssuerKey> = { [A]: keyA, [B]: keyB };
const AUDIENCE: Record<string, string> = {
  [A]: 'shop-api',
  [B]: 'shop-api',
  [OUR_ISSUER]: OUR_AUDIENCE,
};

const signedWith = (key: IssuerKey, issuer: string, kid = 'k1') =>
  foreignToken(key.privateKey, { alg: 'RS256', kid }, { issuer, audience: AUDIENCE[issuer] });
/** A token in our own format (session, typ at+jwt), MACed with `secret`. */
const macedWith = (secret: string, iss: string, header: Record<string, unknown> = {}) =>
  forgeToken({ header, payload: validClaims({ iss, aud: AUDIENCE[iss] }), secret });
const publicPem = (key: IssuerKey) =>
  createPublicKey({ key: key.publicJwk, format: 'jwk' })
    .export({ type: 'spki', format: 'pem' })
    .toString();

describe('cross-issuer key confusion', () => {
  const jwks: Record<string, JwksServer> = {};
  let shop: MultiIssuerApp;
  const fetches = () => jwks[A].requests.length + jwks[B].requests.length;

  beforeAll(async () => {
    for (const issuer of [A, B]) {
      const { publicJwk } = KEYS[issuer];
      jwks[issuer] = await startJwksServer(
        serveKeys(() => [{ ...publicJwk, kid: 'k1', alg: 'RS256' }]),
      );
    }
    shop = await startMultiIssuerApp({
      secret: TEST_SECRET,
      keys: undefined,
      issuers: [A, B].map((issuer) => ({
        issuer,
        audience: 'shop-api',
        jwksUrl: jwks[issuer].url,
      })),
    });
    // Every genuine token passes, so each refusal below is the confusion's and nothing else's.
    await shop.get('/me', macedWith(TEST_SECRET, OUR_ISSUER)).expect(200);
    for (const issuer of [A, B])
      await shop.get('/me', await signedWith(KEYS[issuer], issuer)).expect(200);
  });

  afterAll(async () => {
    await shop?.close();
    await Promise.all(Object.values(jwks).map((server) => server.close()));
  });

  it.each([
    ["A's iss, B's key under the kid both publish", () => signedWith(keyB, A)],
    ["B's iss, A's key under the kid both publish", () => signedWith(keyA, B)],
    ["our iss, A's key", () => signedWith(keyA, OUR_ISSUER)],
    ["A's iss, MACed with our own secret", async () => macedWith(TEST_SECRET, A)],
    [
      "A's iss, MACed with our own secret, kid k1",
      async () => macedWith(TEST_SECRET, A, { kid: 'k1' }),
    ],
    [
      "A's iss, MACed with A's public key as PEM",
      async () => macedWith(publicPem(keyA), A, { kid: 'k1' }),
    ],
    [
      "A's iss, MACed with A's public JWK as text",
      async () => macedWith(JSON.stringify(keyA.publicJwk), A),
    ],
    [
      "A's iss, alg none",
      async () => `${macedWith(TEST_SECRET, A, { alg: 'none' }).replace(/[^.]+$/, '')}AA`,
    ],
  ])('refuses %s with 401 token_invalid', async (_case, token) => {
    expectAuthError(await shop.get('/me', await token()), 401, 'token_invalid');
  });

  it.each([
    ['a list holding a trusted iss', [A]],
    ['a number', 1],
    ['an object', { iss: A }],
    ['__proto__', '__proto__'],
    ['constructor', 'constructor'],
    ['absent', undefined],
  ])('refuses an iss that is %s before any key is looked up or fetched', async (_case, iss) => {
    const before = fetches();
    const token = forgeToken({
      header: { kid: 'k1' },
      payload: validClaims({ iss, aud: 'shop-api' }),
      secret: TEST_SECRET,
    });
    const response = await shop.get('/me', token);
    expectAuthError(response, 401, 'token_invalid');
    expect(response.body.message).toMatch(/(unknown|no) issuer \(iss\)/);
    expect(fetches()).toBe(before);
  });

  it("never asks B's JWKS about a token naming A, however many unknown kids it tries", async () => {
    const before = jwks[B].requests.length;
    for (let i = 0; i < 20; i += 1) {
      expectAuthError(
        await shop.get('/me', await signedWith(keyB, A, `b-${i}`)),
        401,
        'token_invalid',
      );
    }
    expect(jwks[B].requests.length).toBe(before);
  });
});
