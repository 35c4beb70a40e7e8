import { b64url, forgeToken, validClaims } from '../support/forge-token.js';
import { expectAuthError } from '../support/expect-auth-error.js';
import { login } from '../support/sample-app.js';
import { sampleForSuite } from '../support/sample-for-suite.js';

const { sample } = sampleForSuite('hostile-tokens');

const now = () => Math.floor(Date.now() / 1000);
const getMe = (authorization: string) =>
  sample.http().get('/me').set('Authorization', authorization);

describe('a token the sample signed itself, as forged by the tests', () => {
  it('is accepted (the forging helper is faithful, so the refusals below mean something)', async () => {
    await getMe(`Bearer ${forgeToken()}`).expect(200);
  });
});

const ATTACKER = 'attacker-secret-of-more-than-32-bytes!!';

describe('refused tokens', () => {
  const valid = () => forgeToken();

  it.each<[string, string, () => string]>([
    ['garbage', 'token_malformed', () => 'garbage'],
    ['one segment', 'token_malformed', () => 'abc'],
    ['three garbage parts', 'token_malformed', () => '!!!.@@@.###'],
    ['four segments', 'token_malformed', () => `${valid()}.abc`],
    ['a stripped signature', 'token_malformed', () => valid().replace(/\.[^.]+$/, '.')],
    [
      'a header that is not JSON',
      'token_malformed',
      () => `bm90IGpzb24.${b64url(validClaims())}.c2ln`,
    ],
    [
      'a header that is a JSON array',
      'token_malformed',
      () => `${b64url(['HS256'])}.${b64url(validClaims())}.c2ln`,
    ],
    ['standard base64 with padding', 'token_malformed', () => valid().replace(/\./, '=.')],
    [
      'a token over 8 KB',
      'token_malformed',
      () => forgeToken({ payload: validClaims({ pad: 'x'.repeat(9000) }) }),
    ],
    [
      'alg none',
      'token_malformed',
      () => `${b64url({ alg: 'none', typ: 'at+jwt' })}.${b64url(validClaims())}.`,
    ],
    [
      'alg none with a dummy signature',
      'token_invalid',
      () => `${b64url({ alg: 'none', typ: 'at+jwt' })}.${b64url(validClaims())}.c2ln`,
    ],
    ['alg NONE', 'token_invalid', () => forgeToken({ header: { alg: 'NONE' } })],
    [
      'alg ES256K, which nothing here implements',
      'token_invalid',
      () => forgeToken({ header: { alg: 'ES256K' } }),
    ],
    ['HS512 with the real secret', 'token_invalid', () => forgeToken({ header: { alg: 'HS512' } })],
    [
      'a wrong secret',
      'token_invalid',
      () => forgeToken({ secret: 'another-secret-of-more-than-32-bytes!!' }),
    ],
    [
      'a tampered payload',
      'token_invalid',
      () => {
        const [header, , signature] = valid().split('.');
        return `${header}.${b64url(validClaims({ roles: ['admin', 'root'] }))}.${signature}`;
      },
    ],
    ['typ missing', 'token_invalid', () => forgeToken({ header: { typ: undefined } })],
    ['typ JWT', 'token_invalid', () => forgeToken({ header: { typ: 'JWT' } })],
    [
      'an unknown crit header',
      'token_invalid',
      () => forgeToken({ header: { crit: ['exp2'], exp2: 1 } }),
    ],
    [
      'a wrong issuer',
      'token_invalid',
      () => forgeToken({ payload: validClaims({ iss: 'evil' }) }),
    ],
    ['no issuer', 'token_invalid', () => forgeToken({ payload: validClaims({ iss: undefined }) })],
    [
      'a wrong audience',
      'token_invalid',
      () => forgeToken({ payload: validClaims({ aud: 'other-api' }) }),
    ],
    ['no exp', 'token_invalid', () => forgeToken({ payload: validClaims({ exp: undefined }) })],
    [
      'exp as a string',
      'token_invalid',
      () => forgeToken({ payload: validClaims({ exp: String(now() + 600) }) }),
    ],
    ['no sid', 'token_invalid', () => forgeToken({ payload: validClaims({ sid: undefined }) })],
    ['no sub', 'token_invalid', () => forgeToken({ payload: validClaims({ sub: undefined }) })],
    [
      'roles not a list',
      'token_invalid',
      () => forgeToken({ payload: validClaims({ roles: 'admin' }) }),
    ],
    [
      'a payload that is a JSON string',
      'token_malformed',
      () => forgeToken({ payload: '"alice"' }),
    ],
    [
      'an expired token',
      'token_expired',
      () => forgeToken({ payload: validClaims({ iat: now() - 100, exp: now() - 10 }) }),
    ],
    [
      'nbf in the future',
      'token_not_active',
      () => forgeToken({ payload: validClaims({ nbf: now() + 600 }) }),
    ],
    ['a valid token followed by more text', 'token_malformed', () => `${valid()} extra`],
    [
      'an embedded jwk with the attacker key',
      'token_invalid',
      () => forgeToken({ secret: ATTACKER, header: { jwk: { kty: 'oct', k: b64url(ATTACKER) } } }),
    ],
    [
      'a jku pointing elsewhere',
      'token_invalid',
      () => forgeToken({ secret: ATTACKER, header: { jku: 'https://evil.example/jwks.json' } }),
    ],
    [
      'an x5u pointing elsewhere',
      'token_invalid',
      () => forgeToken({ secret: ATTACKER, header: { x5u: 'https://evil.example/cert.pem' } }),
    ],
    [
      'a signed payload that is an array',
      'token_malformed',
      () => forgeToken({ payload: '[1,2]' }),
    ],
    ['a signed payload that is null', 'token_malformed', () => forgeToken({ payload: 'null' })],
    [
      'a signed payload that is not JSON',
      'token_malformed',
      () => forgeToken({ payload: 'hello' }),
    ],
    [
      'an aud array without our audience',
      'token_invalid',
      () => forgeToken({ payload: validClaims({ aud: ['other-api', 'more'] }) }),
    ],
    ['a 10 KB kid', 'token_malformed', () => forgeToken({ header: { kid: 'k'.repeat(10_000) } })],
  ])('%s: 401 %s', async (_case, code, makeToken) => {
    expectAuthError(await getMe(`Bearer ${makeToken()}`), 401, code);
  });

  it.each(['../../dev/null', "' OR 1=1 --", '__proto__', 'constructor', 'hasOwnProperty', ''])(
    'not a kid of %p: the secret is the one key and has none, so every kid is unknown',
    async (kid) => {
      expectAuthError(
        await getMe(`Bearer ${forgeToken({ header: { kid } })}`),
        401,
        'token_invalid',
      );
    },
  );

  it('a refresh token used as access token: 401 token_malformed', async () => {
    const { refreshToken } = await login(sample);
    expectAuthError(await getMe(`Bearer ${refreshToken}`), 401, 'token_malformed');
  });

  it.each([
    ['a Basic scheme', 'Basic YWxpY2U6d29uZGVybGFuZA=='],
    ['an empty Bearer', 'Bearer '],
    ['a bare token without scheme', forgeToken()],
  ])('%s: 401 token_missing', async (_case, header) => {
    expectAuthError(await getMe(header), 401, 'token_missing');
  });

  it('a revoked token: 401 token_revoked', async () => {
    const { accessToken } = await login(sample);
    await sample
      .http()
      .post('/auth/logout')
      .set('Authorization', `Bearer ${accessToken}`)
      .expect(204);
    expectAuthError(await getMe(`Bearer ${accessToken}`), 401, 'token_revoked');
  });

  it('a Bearer header with only spaces: 401 token_missing', async () => {
    expectAuthError(await getMe('Bearer    '), 401, 'token_missing');
  });
});

describe('tokens the HS256 configuration accepts although they look odd', () => {
  it('an aud array that contains our audience (RFC 7519 allows arrays)', async () => {
    await getMe(
      `Bearer ${forgeToken({ payload: validClaims({ aud: ['x', 'sample-api'] }) })}`,
    ).expect(200);
  });

  it('two Authorization headers: the first one counts, deterministically', async () => {
    const valid = forgeToken();
    // superagent sends an array value as repeated headers; its types only allow that for Cookie.
    const twice = (first: string, second: string) => [first, second] as unknown as string;
    const first = await sample
      .http()
      .get('/me')
      .set('Authorization', twice(`Bearer ${valid}`, 'Bearer garbage'));
    const swapped = await sample
      .http()
      .get('/me')
      .set('Authorization', twice('Bearer garbage', `Bearer ${valid}`));
    expect([first.status, swapped.status]).toEqual([200, 401]);
  });
});
