// Issue #14 item 11: with refreshIdentity, a refresh issues what the user is now (roles removed,
// user disabled), not what they were at login.
import { ServiceUnavailableException } from '@nestjs/common';
import { type AuthUser, AuthService } from 'nest-jwt-auth';
import { startAuthApp } from '../support/auth-app.js';
import { expectAuthError } from '../support/expect-auth-error.js';
import { expectSessionEnded } from '../support/expect-session-ended.js';
import { REDIS_URL, deleteKeys, uniqueKeyPrefix } from '../support/redis.js';
import {
  type RunningSample,
  type TokenPairBody,
  bearer,
  login,
  refreshPair,
} from '../support/sample-app.js';

/** The app's user directory, as a database the test edits between login and refresh. */
const directory = new Map<string, { roles: string[]; disabled?: boolean }>();
const userOf = (sub: string): AuthUser | null => {
  const user = directory.get(sub);
  return user && !user.disabled ? { sub, roles: user.roles, team: 'blue' } : null;
};

const prefix = uniqueKeyPrefix('stale-identity');

/** What the hook is asked, and what it does next: answer from the directory, or a scripted act. */
const hookCalls: AuthUser[] = [];
let hookOverride: ((user: AuthUser) => Promise<AuthUser | null>) | undefined;

let app: RunningSample;
let withoutHook: RunningSample;

beforeAll(async () => {
  const options = {
    store: { redis: REDIS_URL, keyPrefix: prefix },
    validateCredentials: async (username: string) => userOf(username),
    claims: (user: AuthUser) => ({ team: user.team }),
  };
  app = await startAuthApp({
    ...options,
    refreshIdentity: async (user) => {
      hookCalls.push(user);
      return hookOverride ? hookOverride(user) : userOf(user.sub);
    },
  });
  withoutHook = await startAuthApp(options);
});

afterAll(async () => {
  await app.close();
  await withoutHook.close();
  await deleteKeys(prefix);
});

beforeEach(() => {
  hookCalls.length = 0;
  hookOverride = undefined;
});

const admin = (sample: RunningSample, pair: TokenPairBody) =>
  sample.http().get('/admin').set(bearer(pair.accessToken));
const refresh = (sample: RunningSample, pair: TokenPairBody) =>
  sample.http().post('/auth/refresh').send({ refreshToken: pair.refreshToken });

describe('refreshIdentity', () => {
  it('gives the refreshed token the roles the user has now, asked with the session identity', async () => {
    directory.set('ann', { roles: ['admin', 'user'] });
    const pair = await login(app, 'ann', 'pw');
    await admin(app, pair).expect(200);

    directory.set('ann', { roles: ['user'] });
    const next = await refreshPair(app, pair.refreshToken);
    expect(hookCalls).toEqual([{ sub: 'ann', roles: ['admin', 'user'], team: 'blue' }]);
    expectAuthError(await admin(app, next), 403, 'forbidden');
    const me = (await app.http().get('/me').set(bearer(next.accessToken)).expect(200)).body;
    expect(me).toMatchObject({ sub: 'ann', roles: ['user'], team: 'blue' });
  });

  it('ends the session of a disabled user: 401 refresh_token_invalid, every token refused', async () => {
    directory.set('bob', { roles: ['admin'] });
    const pair = await login(app, 'bob', 'pw');
    directory.set('bob', { roles: ['admin'], disabled: true });
    expectAuthError(await refresh(app, pair), 401, 'refresh_token_invalid');
    await expectSessionEnded(app, pair);
    expect(await app.app.get(AuthService).listSessions('bob')).toEqual([]);
  });

  it('refuses a user with another sub than the session, and ends the session', async () => {
    directory.set('carol', { roles: ['user'] });
    directory.set('mallory', { roles: ['admin'] });
    const pair = await login(app, 'carol', 'pw');
    hookOverride = async () => userOf('mallory');
    expectAuthError(await refresh(app, pair), 401, 'refresh_token_invalid');
    await expectSessionEnded(app, pair);
  });

  it('leaves the session as it was when the hook fails, so the same refresh token works later', async () => {
    directory.set('dan', { roles: ['user'] });
    const pair = await login(app, 'dan', 'pw');
    hookOverride = async () => {
      throw new ServiceUnavailableException('The user directory is down.');
    };
    expect((await refresh(app, pair)).status).toBe(503);
    hookOverride = async () => {
      throw new Error('a bug in the hook');
    };
    expect((await refresh(app, pair)).status).toBe(500);
    await app.http().get('/me').set(bearer(pair.accessToken)).expect(200);

    hookOverride = undefined;
    const next = await refreshPair(app, pair.refreshToken);
    await app.http().get('/me').set(bearer(next.accessToken)).expect(200);
  });
});

describe('without refreshIdentity', () => {
  it('keeps the login identity for the whole session; revokeAllSessions is the way out', async () => {
    directory.set('erin', { roles: ['admin'] });
    const pair = await login(withoutHook, 'erin', 'pw');
    directory.set('erin', { roles: [] });
    const next = await refreshPair(withoutHook, pair.refreshToken);
    await admin(withoutHook, next).expect(200);

    await withoutHook.app.get(AuthService).revokeAllSessions('erin');
    await expectSessionEnded(withoutHook, next);
    const fresh = await login(withoutHook, 'erin', 'pw');
    expectAuthError(await admin(withoutHook, fresh), 403, 'forbidden');
  });
});
