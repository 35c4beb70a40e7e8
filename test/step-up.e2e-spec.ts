// Step-up (RFC 9470): auth_time, acr and amr in the tokens, @RequireAuth() on routes, and
// POST /auth/reauthenticate upgrading the session in place, against a real Redis.
import { Controller, Get } from '@nestjs/common';
import { type AuthUser, RequireAuth } from 'nest-jwt-auth';
import { startAuthApp } from './support/auth-app.js';
import { forgeToken } from './support/forge-token.js';
import { deleteKeys, REDIS_URL, uniqueKeyPrefix } from './support/redis.js';
import { bearer, type RunningSample, type TokenPairBody } from './support/sample-app.js';

@Controller('account')
class AccountController {
  @RequireAuth({ maxAge: '5m' })
  @Get('password')
  password() {
    return 'fresh enough';
  }

  @RequireAuth({ acr: 'mfa' })
  @Get('vault')
  vault() {
    return 'strong enough';
  }

  @RequireAuth({ maxAge: 300, acr: ['mfa', 'hwk'] })
  @Get('both')
  both() {
    return 'both';
  }
}

const USERS: Record<string, AuthUser> = {
  ann: { sub: 'user-ann' },
  mia: { sub: 'user-mia', acr: 'mfa', amr: ['pwd', 'otp'] },
  bob: { sub: 'user-bob' },
};

const claimsOf = (token: string) =>
  JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()) as Record<string, unknown>;

const prefix = uniqueKeyPrefix('step-up');
let app: RunningSample;
/** Added to the module's clock: the tests move time instead of waiting. */
let offsetMs = 0;

beforeAll(async () => {
  app = await startAuthApp(
    {
      store: { redis: REDIS_URL, keyPrefix: prefix },
      clock: () => Date.now() + offsetMs,
      validateCredentials: async (username, password) =>
        password === 'pw' ? (USERS[username] ?? null) : null,
      // The app cannot forge a login time through its own claims.
      claims: () => ({ auth_time: 1, acr: 'mfa', amr: ['hwk'] }),
      loginThrottle: { maxAttemptsPerUsernameAndIp: 5 },
    },
    [AccountController],
  );
});

afterEach(() => {
  offsetMs = 0;
});

afterAll(async () => {
  await app.close();
  await deleteKeys(prefix);
});

const login = async (username: string): Promise<TokenPairBody> =>
  (await app.http().post('/auth/login').send({ username, password: 'pw' }).expect(200)).body;

const reauthenticate = (body: Record<string, unknown>) =>
  app.http().post('/auth/reauthenticate').send(body);

describe('the login claims', () => {
  it('carry auth_time (the login), amr ["pwd"] by default, and what validateCredentials says', async () => {
    const ann = claimsOf((await login('ann')).accessToken);
    expect(ann).toMatchObject({ auth_time: ann.iat, amr: ['pwd'] });
    expect(ann).not.toHaveProperty('acr');
    const mia = claimsOf((await login('mia')).accessToken);
    expect(mia).toMatchObject({ auth_time: mia.iat, acr: 'mfa', amr: ['pwd', 'otp'] });
  });

  it('are kept by a refresh: a refresh is no new proof', async () => {
    const first = await login('ann');
    offsetMs = 60_000;
    const refreshed = (
      await app.http().post('/auth/refresh').send({ refreshToken: first.refreshToken }).expect(200)
    ).body as TokenPairBody;
    expect(claimsOf(refreshed.accessToken).auth_time).toBe(claimsOf(first.accessToken).auth_time);
    expect(claimsOf(refreshed.accessToken).iat).toBeGreaterThan(
      claimsOf(first.accessToken).iat as number,
    );
  });

  it('are refused when malformed: auth_time not a number, acr not a string, amr not a list', async () => {
    const now = Math.floor(Date.now() / 1000);
    const base = { sub: 'user-ann', sid: 's', jti: 'j', iat: now, exp: now + 60, roles: [] };
    for (const bad of [{ auth_time: 'yesterday' }, { acr: 2 }, { amr: 'pwd' }, { amr: [1] }]) {
      const token = forgeToken({ payload: { ...base, ...bad } });
      const response = await app.http().get('/account/password').set(bearer(token));
      expect([response.status, response.body.code]).toEqual([401, 'token_invalid']);
    }
  });
});

describe('@RequireAuth()', () => {
  it('lets a recent login through, and answers an older one 401 with the RFC 9470 challenge', async () => {
    const { accessToken } = await login('ann');
    await app.http().get('/account/password').set(bearer(accessToken)).expect(200);
    offsetMs = 6 * 60_000;
    const response = await app.http().get('/account/password').set(bearer(accessToken));
    expect(response.status).toBe(401);
    expect(response.body.code).toBe('insufficient_user_authentication');
    expect(response.headers['www-authenticate']).toBe(
      'Bearer realm="nest-jwt-auth", error="insufficient_user_authentication", max_age=300',
    );
  });

  it('asks for the acr a route names, and both when it names both', async () => {
    const ann = (await login('ann')).accessToken;
    const refused = await app.http().get('/account/vault').set(bearer(ann));
    expect(refused.status).toBe(401);
    expect(refused.headers['www-authenticate']).toBe(
      'Bearer realm="nest-jwt-auth", error="insufficient_user_authentication", acr_values="mfa"',
    );
    const mia = (await login('mia')).accessToken;
    await app.http().get('/account/vault').set(bearer(mia)).expect(200);
    await app.http().get('/account/both').set(bearer(mia)).expect(200);
    offsetMs = 6 * 60_000;
    const stale = await app.http().get('/account/both').set(bearer(mia));
    expect(stale.headers['www-authenticate']).toBe(
      'Bearer realm="nest-jwt-auth", error="insufficient_user_authentication", acr_values="mfa hwk", max_age=300',
    );
  });

  it('refuses a request without a token as token_missing', async () => {
    const response = await app.http().get('/account/password');
    expect([response.status, response.body.code]).toEqual([401, 'token_missing']);
  });
});

describe('POST /auth/reauthenticate', () => {
  it('upgrades the session in place: a new auth_time, the same session, and refreshes keep it', async () => {
    const first = await login('ann');
    const sessionsBefore = (
      await app.http().get('/auth/sessions').set(bearer(first.accessToken)).expect(200)
    ).body.length as number;
    offsetMs = 6 * 60_000;
    const upgraded = await reauthenticate({
      username: 'ann',
      password: 'pw',
      refreshToken: first.refreshToken,
    }).expect(200);
    const pair = upgraded.body as TokenPairBody;
    const claims = claimsOf(pair.accessToken);
    expect(claims.sid).toBe(claimsOf(first.accessToken).sid);
    expect(claims.auth_time).toBe(claims.iat);
    expect(claims.auth_time as number).toBeGreaterThan(
      claimsOf(first.accessToken).auth_time as number,
    );
    await app.http().get('/account/password').set(bearer(pair.accessToken)).expect(200);
    // No session started: ann has as many as before, and this one is marked current.
    const sessions = await app
      .http()
      .get('/auth/sessions')
      .set(bearer(pair.accessToken))
      .expect(200);
    const listed = sessions.body as { id: string; current: boolean }[];
    expect(listed.filter((session) => session.current).map((session) => session.id)).toEqual([
      claims.sid,
    ]);
    expect(listed).toHaveLength(sessionsBefore);
    offsetMs += 60_000;
    const refreshed = (
      await app.http().post('/auth/refresh').send({ refreshToken: pair.refreshToken }).expect(200)
    ).body as TokenPairBody;
    expect(claimsOf(refreshed.accessToken).auth_time).toBe(claims.auth_time);
  });

  it('refuses a wrong password (401) and throttles guesses like logins (429), spending nothing', async () => {
    const { refreshToken } = await login('bob');
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      statuses.push(
        (await reauthenticate({ username: 'bob', password: 'guess', refreshToken })).status,
      );
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
    await app.http().post('/auth/refresh').send({ refreshToken }).expect(200);
  });

  it("refuses another user's credentials on a session (403) without spending its refresh token", async () => {
    const { refreshToken } = await login('ann');
    const response = await reauthenticate({ username: 'mia', password: 'pw', refreshToken });
    expect([response.status, response.body.code]).toEqual([403, 'forbidden']);
    await app.http().post('/auth/refresh').send({ refreshToken }).expect(200);
  });

  it('needs a refresh token of a live session, and a JSON body of the credentials', async () => {
    const unknown = await reauthenticate({ username: 'ann', password: 'pw', refreshToken: 'x.y' });
    expect([unknown.status, unknown.body.code]).toEqual([401, 'refresh_token_invalid']);
    const missing = await reauthenticate({ username: 'ann', password: 'pw' });
    expect([missing.status, missing.body.code]).toEqual([400, 'validation_failed']);
    const extra = await reauthenticate({
      username: 'ann',
      password: 'pw',
      refreshToken: 'a',
      acr: 'mfa',
    });
    expect([extra.status, extra.body.code]).toEqual([400, 'validation_failed']);
  });
});
