// RFC 6750 §3: every 401 challenges with a realm; a request that carried no token gets no error
// code (§3.1), one whose token failed gets error="invalid_token" and our code.
import { challengeFor, expectAuthError } from '../support/expect-auth-error.js';
import { forgeToken, validClaims } from '../support/forge-token.js';
import { bearer } from '../support/sample-app.js';
import { sampleForSuite } from '../support/sample-for-suite.js';

const { sample } = sampleForSuite('www-authenticate');

/** auth-param names of a challenge, in order: `Bearer realm="x", error="y"` → realm, error. */
const paramsOf = (challenge: string) =>
  [...challenge.replace(/^Bearer /, '').matchAll(/(\w+)="[^"]*"/g)].map((match) => match[1]);

describe.each([
  ['an app route under the global guard', 'get', '/me'],
  ['an auth route', 'get', '/auth/sessions'],
  ['an auth route that takes a body', 'post', '/auth/logout'],
] as const)('on %s', (_case, method, path) => {
  it('answers a request without a token with Bearer realm="nest-jwt-auth" and no error code', async () => {
    const response = await sample.http()[method](path);
    expectAuthError(response, 401, 'token_missing');
    expect(response.headers['www-authenticate']).toBe('Bearer realm="nest-jwt-auth"');
    expect(paramsOf(response.headers['www-authenticate'])).toEqual(['realm']);
  });

  it('treats another scheme as no token', async () => {
    const response = await sample.http()[method](path).set('Authorization', 'Basic YTpi');
    expectAuthError(response, 401, 'token_missing');
    expect(paramsOf(response.headers['www-authenticate'])).toEqual(['realm']);
  });

  it.each([
    ['token_malformed', 'not-a-jwt'],
    ['token_invalid', forgeToken({ secret: 'x'.repeat(40) })],
    ['token_expired', forgeToken({ payload: validClaims({ exp: 1 }) })],
  ])('answers %s with error="invalid_token" and the code', async (code, token) => {
    const response = await sample.http()[method](path).set(bearer(token));
    expectAuthError(response, 401, code);
    expect(response.headers['www-authenticate']).toBe(challengeFor(code));
    expect(paramsOf(response.headers['www-authenticate'])).toEqual([
      'realm',
      'error',
      'error_description',
    ]);
  });
});

it('challenges a refused login and refresh too, with the code', async () => {
  const login = await sample.http().post('/auth/login').send({ username: 'alice', password: 'no' });
  expectAuthError(login, 401, 'invalid_credentials');
  const refresh = await sample.http().post('/auth/refresh').send({ refreshToken: 'nope' });
  expectAuthError(refresh, 401, 'refresh_token_invalid');
});
