// DELETE /auth/sessions/:id of a session that is not the caller's: the same 404 with a code
// whether the session is missing or someone else's, so ids reveal nothing; the session lives on.
import { expectAuthError } from '../support/expect-auth-error.js';
import { bearer, login } from '../support/sample-app.js';
import { sidOf } from '../support/token-claims.js';
import { sampleForSuite } from '../support/sample-for-suite.js';

const { sample } = sampleForSuite('session-not-found');

it("answers someone else's session and a missing one alike: 404 session_not_found", async () => {
  const alice = await login(sample, 'alice');
  const bob = await login(sample, 'bob');
  const foreign = await sample
    .http()
    .delete(`/auth/sessions/${sidOf(bob.accessToken)}`)
    .set(bearer(alice.accessToken));
  const missing = await sample
    .http()
    .delete('/auth/sessions/00000000-0000-4000-8000-000000000000')
    .set(bearer(alice.accessToken));

  expectAuthError(foreign, 404, 'session_not_found');
  expectAuthError(missing, 404, 'session_not_found');
  expect(foreign.body).toEqual(missing.body);
  await sample.http().get('/me').set(bearer(bob.accessToken)).expect(200);
});
