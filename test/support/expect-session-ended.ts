import { expectAuthError } from './expect-auth-error.js';
import { type RunningSample, type TokenPairBody, bearer } from './sample-app.js';

/** Asserts that both tokens of a pair are dead: the access token revoked, the refresh token unknown. */
export async function expectSessionEnded(
  sample: RunningSample,
  pair: TokenPairBody,
): Promise<void> {
  expectAuthError(
    await sample.http().get('/me').set(bearer(pair.accessToken)),
    401,
    'token_revoked',
  );
  expectAuthError(
    await sample.http().post('/auth/refresh').send({ refreshToken: pair.refreshToken }),
    401,
    'refresh_token_invalid',
  );
}
