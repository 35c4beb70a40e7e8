// Issue #14 item 8: ending a session denylists it before deleting it, in every path, so that a
// store failure halfway leaves it either untouched (a retry finishes it) or refused.
import { AuthService, TestClock } from 'nest-jwt-auth';
import { startAuthApp } from '../support/auth-app.js';
import { expectAuthError } from '../support/expect-auth-error.js';
import { expectSessionEnded } from '../support/expect-session-ended.js';
import {
  type RecordingStores,
  type StoreCall,
  recordedStoresForSuite,
} from '../support/recording-stores.js';
import {
  type RunningSample,
  type TokenPairBody,
  bearer,
  login,
  refreshPair,
} from '../support/sample-app.js';
import { sidOf } from '../support/token-claims.js';

const { kinds } = recordedStoresForSuite('deny-before-delete');
const SESSION_MAX_LIFETIME = 3600;

describe.each(kinds)('ending a session on the %s store', (_name, makeStores) => {
  let app: RunningSample;
  let stores: RecordingStores;
  let auth: AuthService;
  const clock = new TestClock();
  let users = 0;

  beforeAll(async () => {
    stores = makeStores();
    app = await startAuthApp({
      store: { denylist: stores.denylist, sessions: stores.sessions },
      validateCredentials: async (username, password) =>
        password === 'pw' ? { sub: `user-${username}`, roles: ['user'] } : null,
      maxSessionsPerUser: 3,
      sessionMaxLifetime: SESSION_MAX_LIFETIME,
      clock: clock.now,
    });
    auth = app.app.get(AuthService);
  });

  afterAll(async () => {
    await app.close();
  });

  beforeEach(() => {
    clock.reset();
  });

  /** A user of this test alone, logged in `sessions` times. */
  async function loginFresh(sessions = 1): Promise<{ sub: string; pairs: TokenPairBody[] }> {
    const username = `u${++users}`;
    const pairs = [];
    for (let i = 0; i < sessions; i++) {
      pairs.push(await login(app, username, 'pw'));
      // createdAt has millisecond resolution: keep the age order of the sessions unambiguous.
      await new Promise((resolve) => setTimeout(resolve, 3));
    }
    stores.clear();
    return { sub: `user-${username}`, pairs };
  }

  const sessionIds = async (sub: string) =>
    (await auth.listSessions(sub)).map((session) => session.id).sort();
  const me = (pair: TokenPairBody) => app.http().get('/me').set(bearer(pair.accessToken));
  const storeDown = (response: { status: number; body: { code?: string } }) =>
    expect({ status: response.status, code: response.body.code }).toEqual({
      status: 503,
      code: 'auth_store_unavailable',
    });

  /** Every delete of the recorded calls came after a denial. */
  function expectDeniedBeforeDeleted(calls: readonly StoreCall[]): void {
    const firstDelete = calls.indexOf('sessions.delete');
    expect(firstDelete).toBeGreaterThan(0);
    expect(calls.slice(0, firstDelete)).toContain('denylist.add');
  }

  describe('logout', () => {
    it('denies first: when the denial fails nothing has changed, and the retry ends the session', async () => {
      const { sub, pairs } = await loginFresh();
      const [pair] = pairs;
      stores.failNext('denylist.add');
      storeDown(await app.http().post('/auth/logout').set(bearer(pair.accessToken)));
      expect(stores.calls).not.toContain('sessions.delete');
      expect(await sessionIds(sub)).toEqual([sidOf(pair.accessToken)]);
      expect((await me(pair)).status).toBe(200);

      await app.http().post('/auth/logout').set(bearer(pair.accessToken)).expect(204);
      expectDeniedBeforeDeleted(stores.calls);
      await expectSessionEnded(app, pair);
      expect(await sessionIds(sub)).toEqual([]);
    });

    it('when the delete fails, the token is refused at once and the session cannot be refreshed', async () => {
      const { sub, pairs } = await loginFresh();
      const [pair] = pairs;
      stores.failNext('sessions.delete');
      storeDown(await app.http().post('/auth/logout').set(bearer(pair.accessToken)));
      expectAuthError(await me(pair), 401, 'token_revoked');
      // Left behind, but denied: refresh refuses it, and finishes the job.
      expect(await sessionIds(sub)).toEqual([sidOf(pair.accessToken)]);
      expectAuthError(
        await app.http().post('/auth/refresh').send({ refreshToken: pair.refreshToken }),
        401,
        'refresh_token_invalid',
      );
      expect(await sessionIds(sub)).toEqual([]);
    });
  });

  describe('DELETE /auth/sessions/:id', () => {
    /** Two sessions of one user, and a request of the first ending the second. */
    async function twoSessions() {
      const { pairs } = await loginFresh(2);
      const [caller, target] = pairs;
      const end = () =>
        app
          .http()
          .delete(`/auth/sessions/${sidOf(target.accessToken)}`)
          .set(bearer(caller.accessToken));
      return { caller, target, end };
    }

    it('when the denial fails the session lives on, and the retry finds it and ends it (204)', async () => {
      const { caller, target, end } = await twoSessions();
      stores.failNext('denylist.add');
      storeDown(await end());
      expect((await me(target)).status).toBe(200);
      expect((await end()).status).toBe(204);
      expectDeniedBeforeDeleted(stores.calls);
      await expectSessionEnded(app, target);
      expect((await me(caller)).status).toBe(200);
    });

    it('when the delete fails the token is refused at once, and the retry still answers 204', async () => {
      const { target, end } = await twoSessions();
      stores.failNext('sessions.delete');
      storeDown(await end());
      expectAuthError(await me(target), 401, 'token_revoked');
      expect((await end()).status).toBe(204);
      await expectSessionEnded(app, target);
      expect((await end()).status).toBe(404);
    });
  });

  describe('logout-all', () => {
    it('when a denial fails every session lives on, and the retry ends them all', async () => {
      const { sub, pairs } = await loginFresh(3);
      const all = pairs.map((pair) => sidOf(pair.accessToken)).sort();
      stores.failNext('denylist.add');
      storeDown(await app.http().post('/auth/logout-all').set(bearer(pairs[2].accessToken)));
      expect(stores.calls).not.toContain('sessions.delete');
      expect(await sessionIds(sub)).toEqual(all);

      // The denials that did succeed already refuse their tokens; retry with one still accepted.
      const statuses = await Promise.all(pairs.map(async (pair) => (await me(pair)).status));
      const survivor = pairs[statuses.indexOf(200)];
      expect(survivor).toBeDefined();
      stores.clear();
      await app.http().post('/auth/logout-all').set(bearer(survivor.accessToken)).expect(204);
      expectDeniedBeforeDeleted(stores.calls);
      for (const pair of pairs) await expectSessionEnded(app, pair);
      expect(await sessionIds(sub)).toEqual([]);
    });

    it('when the delete fails every token is refused at once; a later logout-all finishes', async () => {
      const { sub, pairs } = await loginFresh(2);
      stores.failNext('sessions.delete');
      storeDown(await app.http().post('/auth/logout-all').set(bearer(pairs[0].accessToken)));
      for (const pair of pairs) expectAuthError(await me(pair), 401, 'token_revoked');
      expect(await sessionIds(sub)).toHaveLength(2);

      const fresh = await login(app, sub.replace('user-', ''), 'pw');
      await app.http().post('/auth/logout-all').set(bearer(fresh.accessToken)).expect(204);
      expect(await sessionIds(sub)).toEqual([]);
      for (const pair of [...pairs, fresh]) await expectSessionEnded(app, pair);
    });
  });

  describe('reuse detection', () => {
    it('freezes the session: when the denial fails nothing of it refreshes, and the retry revokes it', async () => {
      const { pairs } = await loginFresh();
      const [first] = pairs;
      const second = await refreshPair(app, first.refreshToken);
      stores.clear();
      stores.failNext('denylist.add');
      storeDown(await app.http().post('/auth/refresh').send({ refreshToken: first.refreshToken }));
      expect(stores.calls).not.toContain('sessions.delete');
      // Whoever holds the newest refresh token gets nothing more out of the session.
      expectAuthError(
        await app.http().post('/auth/refresh').send({ refreshToken: second.refreshToken }),
        401,
        'refresh_token_reused',
      );
      expectDeniedBeforeDeleted(stores.calls);
      await expectSessionEnded(app, second);
      expectAuthError(
        await app.http().post('/auth/refresh').send({ refreshToken: first.refreshToken }),
        401,
        'refresh_token_invalid',
      );
    });
  });

  describe('session cap', () => {
    it('when the denial fails the oldest session is kept whole, and the next login ends it', async () => {
      const { sub, pairs } = await loginFresh(3);
      const [oldest] = pairs;
      const username = sub.replace('user-', '');
      stores.failNext('denylist.add');
      storeDown(await app.http().post('/auth/login').send({ username, password: 'pw' }));
      expect(stores.calls).not.toContain('sessions.delete');
      expect(await sessionIds(sub)).toContain(sidOf(oldest.accessToken));
      expect((await me(oldest)).status).toBe(200);

      stores.clear();
      await login(app, username, 'pw');
      expectDeniedBeforeDeleted(stores.calls);
      await expectSessionEnded(app, oldest);
      expect(await sessionIds(sub)).toHaveLength(3);
    });
  });

  describe('absolute expiry', () => {
    it('ends a session refreshed past its end by denying it before deleting it', async () => {
      const { sub, pairs } = await loginFresh();
      const [pair] = pairs;
      clock.advance(SESSION_MAX_LIFETIME * 1000);
      const refresh = () =>
        app.http().post('/auth/refresh').send({ refreshToken: pair.refreshToken });
      stores.failNext('denylist.add');
      storeDown(await refresh());
      expect(stores.calls).not.toContain('sessions.delete');
      expect(await sessionIds(sub)).toHaveLength(1);
      expectAuthError(await refresh(), 401, 'refresh_token_invalid');
      expectDeniedBeforeDeleted(stores.calls);
      expect(await sessionIds(sub)).toEqual([]);
    });
  });
});
