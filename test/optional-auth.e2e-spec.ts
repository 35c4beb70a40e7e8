import { expectAuthError } from './support/expect-auth-error.js';
import { forgeToken } from './support/forge-token.js';
import { sampleForSuite } from './support/sample-for-suite.js';
import { bearer, login } from './support/sample-app.js';

describe('@OptionalAuth() (GET /greeting in the sample)', () => {
  const { sample } = sampleForSuite('optional-auth');

  it('sees no user without a token', async () => {
    const response = await sample.http().get('/greeting').expect(200);
    expect(response.body).toEqual({ message: 'Hello, stranger.' });
  });

  it('sees the user with a valid token', async () => {
    const { accessToken } = await login(sample);
    const response = await sample.http().get('/greeting').set(bearer(accessToken)).expect(200);
    expect(response.body).toEqual({ message: 'Hello, alice.' });
  });

  it('still refuses a token that is sent but bad: forged, malformed, revoked', async () => {
    expectAuthError(
      await sample
        .http()
        .get('/greeting')
        .set(bearer(forgeToken({ secret: 'x'.repeat(40) }))),
      401,
      'token_invalid',
    );
    expectAuthError(
      await sample.http().get('/greeting').set(bearer('not.a-token')),
      401,
      'token_malformed',
    );
    const { accessToken } = await login(sample);
    await sample.http().post('/auth/logout').set(bearer(accessToken)).expect(204);
    expectAuthError(
      await sample.http().get('/greeting').set(bearer(accessToken)),
      401,
      'token_revoked',
    );
  });

  it('leaves other routes strict: /me without a token is still 401 token_missing', async () => {
    expectAuthError(await sample.http().get('/me'), 401, 'token_missing');
  });
});
