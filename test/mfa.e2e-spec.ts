// A second factor at login (docs/mfa.md): TOTP enrolment, the mfaToken step, replay and burst
// refusal, recovery codes, an app's own factor, step-up and removal, against a real Redis.
import { Controller, Get } from '@nestjs/common';
import { Redis } from 'ioredis';
import { type AuthEvent, RequireAuth, type SecondFactor } from 'nest-jwt-auth';
import { Secret, TOTP } from 'otpauth';
import { startAuthApp } from './support/auth-app.js';
import { deleteKeys, REDIS_URL, uniqueKeyPrefix } from './support/redis.js';
import { bearer, type RunningSample, type TokenPairBody } from './support/sample-app.js';

@Controller('account')
class AccountController {
  @RequireAuth({ acr: 'mfa' })
  @Get('vault')
  vault() {
    return 'strong enough';
  }
}

/** An app's own factor: a push approval, `proof: { approval }`, each approval usable once. */
const pushEnrolled = new Set(['user-dee']);
const approvals = new Set<string>();
const pushFactor: SecondFactor = {
  method: 'push',
  amr: ['hwk'],
  isEnrolled: async (sub) => pushEnrolled.has(sub),
  verify: async (_sub, proof) =>
    typeof proof.approval === 'string' && approvals.delete(proof.approval),
};

const ENCRYPTION_KEY = 'an encryption key of more than 32 bytes, for tests only';
const claimsOf = (token: string) =>
  JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()) as Record<string, unknown>;

const prefix = uniqueKeyPrefix('mfa');
const events: AuthEvent[] = [];
const eventsOf = (sub: string) =>
  events.filter((event) => event.sub === sub).map(({ name, username }) => ({ name, username }));
let app: RunningSample;
let redis: Redis;
/** Added to the module's clock: a test moves to the next TOTP step instead of waiting 30 s. */
let offsetMs = 0;
const now = () => Date.now() + offsetMs;
const nextStep = () => (offsetMs += 30_000);

beforeAll(async () => {
  app = await startAuthApp(
    {
      store: { redis: REDIS_URL, keyPrefix: prefix },
      clock: now,
      // Any username, password 'pw': each test has users of its own.
      validateCredentials: async (username, password) =>
        password === 'pw' ? { sub: `user-${username}`, username } : null,
      claims: (user) => ({ username: user.username }),
      onAuthEvent: (event) => void events.push(event),
      loginThrottle: { maxAttemptsPerUsernameAndIp: 5 },
      mfa: {
        totp: { issuer: 'MFA Test', encryptionKey: ENCRYPTION_KEY },
        factors: [pushFactor],
        maxAttemptsPerMfaToken: 3,
        freshLoginSeconds: 60,
      },
    },
    [AccountController],
  );
  redis = new Redis(REDIS_URL);
});

afterEach(() => {
  offsetMs = 0;
});

afterAll(async () => {
  await app.close();
  redis.disconnect();
  await deleteKeys(prefix);
});

const post = (path: string, body: object, token?: string) => {
  const call = app.http().post(path).send(body);
  return token ? call.set(bearer(token)) : call;
};
const login = (username: string) => post('/auth/login', { username, password: 'pw' }).expect(200);
const codeOf = (secret: string) =>
  TOTP.generate({ secret: Secret.fromBase32(secret), timestamp: now() });
const second = (body: object) => post('/auth/mfa', body);

/** Logs `username` in and enrols TOTP; returns the secret, moved past the confirming step. */
async function enrol(username: string): Promise<{ secret: string; recoveryCodes: string[] }> {
  const { accessToken } = (await login(username)).body as TokenPairBody;
  const enrolment = await post('/auth/mfa/totp', {}, accessToken).expect(200);
  const { secret } = enrolment.body as { secret: string };
  const confirmed = await post('/auth/mfa/totp/confirm', { code: codeOf(secret) }, accessToken);
  expect(confirmed.status).toBe(200);
  nextStep();
  return { secret, recoveryCodes: (confirmed.body as { recoveryCodes: string[] }).recoveryCodes };
}

async function mfaTokenOf(username: string): Promise<string> {
  const body = (await login(username)).body as { mfaRequired: boolean; mfaToken: string };
  expect(body.mfaRequired).toBe(true);
  return body.mfaToken;
}

describe('TOTP enrolment', () => {
  it('gives a secret and its otpauth URI, pending (login unchanged) until a first code confirms it', async () => {
    const { accessToken } = (await login('ann')).body as TokenPairBody;
    const enrolment = await post('/auth/mfa/totp', {}, accessToken).expect(200);
    const { secret, uri, expiresIn } = enrolment.body as Record<string, string>;
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(uri).toBe(
      `otpauth://totp/MFA%20Test:ann?issuer=MFA%20Test&secret=${secret}&algorithm=SHA1&digits=6&period=30`,
    );
    expect(expiresIn).toBe(600);
    expect((await login('ann')).body).toHaveProperty('accessToken');

    const wrong = await post('/auth/mfa/totp/confirm', { code: '000000' }, accessToken);
    expect([wrong.status, wrong.body.code]).toEqual([401, 'mfa_code_invalid']);
    const confirmed = await post('/auth/mfa/totp/confirm', { code: codeOf(secret) }, accessToken);
    const { recoveryCodes } = confirmed.body as { recoveryCodes: string[] };
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    for (const code of recoveryCodes) expect(code).toMatch(/^[0-9a-z]{5}-[0-9a-z]{5}$/);

    const status = await app.http().get('/auth/mfa').set(bearer(accessToken)).expect(200);
    expect(status.body).toEqual({ methods: ['totp', 'recovery_code'], recoveryCodesLeft: 10 });
    const again = await post('/auth/mfa/totp', {}, accessToken);
    expect([again.status, again.body.code]).toEqual([409, 'mfa_already_enrolled']);
  });

  it('needs a recent login to start: 401 insufficient_user_authentication past freshLoginSeconds', async () => {
    const { accessToken } = (await login('gus')).body as TokenPairBody;
    // Past 60 s and the 5 s clock tolerance; the access token itself lives 15 minutes.
    offsetMs += 66_000;
    const stale = await post('/auth/mfa/totp', {}, accessToken);
    expect([stale.status, stale.body.code]).toEqual([401, 'insufficient_user_authentication']);
    expect(stale.headers['www-authenticate']).toBe(
      'Bearer realm="nest-jwt-auth", error="insufficient_user_authentication", max_age=60',
    );
    const fresh = (await login('gus')).body as TokenPairBody;
    await post('/auth/mfa/totp', {}, fresh.accessToken).expect(200);
  });

  it('confirms once when two confirmations race with codes of two steps', async () => {
    const { accessToken } = (await login('amy')).body as TokenPairBody;
    const { secret } = (await post('/auth/mfa/totp', {}, accessToken).expect(200)).body as {
      secret: string;
    };
    const earlier = TOTP.generate({ secret: Secret.fromBase32(secret), timestamp: now() - 30_000 });
    const answers = await Promise.all(
      [earlier, codeOf(secret)].map((code) =>
        post('/auth/mfa/totp/confirm', { code }, accessToken),
      ),
    );
    const ok = answers.filter((answer) => answer.status === 200);
    expect(ok).toHaveLength(1);
    // The recovery codes shown are the ones that work.
    nextStep();
    await second({
      mfaToken: await mfaTokenOf('amy'),
      recoveryCode: (ok[0].body as { recoveryCodes: string[] }).recoveryCodes[0],
    }).expect(200);
  });

  it('refuses a confirmation without an enrolment, and a code that is not 6 digits', async () => {
    const { accessToken } = (await login('abe')).body as TokenPairBody;
    const none = await post('/auth/mfa/totp/confirm', { code: '123456' }, accessToken);
    expect([none.status, none.body.code]).toEqual([404, 'mfa_not_enrolled']);
    const malformed = await post('/auth/mfa/totp/confirm', { code: '12345x' }, accessToken);
    expect([malformed.status, malformed.body.code]).toEqual([400, 'validation_failed']);
    const anonymous = await post('/auth/mfa/totp', {});
    expect([anonymous.status, anonymous.body.code]).toEqual([401, 'token_missing']);
  });

  it('keeps the secret sealed at rest and the mfaToken only hashed', async () => {
    const { secret } = await enrol('eve');
    const stored = await redis.hgetall(`${prefix}mfa-totp:user-eve`);
    expect(stored.secret).toMatch(/^v1\./);
    expect(JSON.stringify(stored)).not.toContain(secret);
    const mfaToken = await mfaTokenOf('eve');
    const keys = await redis.keys(`${prefix}mfa-challenge:*`);
    expect(keys.length).toBeGreaterThan(0);
    expect(keys.join()).not.toContain(mfaToken);
  });
});

describe('a login with a second factor', () => {
  it('answers mfaRequired without tokens, then POST /auth/mfa gives tokens with amr pwd+otp and acr mfa', async () => {
    const { secret } = await enrol('bea');
    const response = await login('bea');
    expect(response.body).toEqual({
      mfaRequired: true,
      mfaToken: expect.stringMatching(/^[\w-]{43}$/),
      expiresIn: 300,
      methods: ['totp', 'recovery_code'],
    });
    const pair = (
      await second({ mfaToken: response.body.mfaToken, code: codeOf(secret) }).expect(200)
    ).body as TokenPairBody;
    expect(claimsOf(pair.accessToken)).toMatchObject({
      sub: 'user-bea',
      acr: 'mfa',
      amr: ['pwd', 'otp'],
    });
    await app.http().get('/account/vault').set(bearer(pair.accessToken)).expect(200);
    // Half a login is no login: one auth.login, when the second step completed it.
    expect(eventsOf('user-bea').filter(({ name }) => name === 'auth.login')).toHaveLength(2);
    // A password-only login of another user is refused there.
    const { accessToken } = (await login('bill')).body as TokenPairBody;
    await app.http().get('/account/vault').set(bearer(accessToken)).expect(401);
  });

  it('refuses a code already used (replay), and an earlier step once a later one is used', async () => {
    const { secret } = await enrol('cal');
    const code = codeOf(secret);
    await second({ mfaToken: await mfaTokenOf('cal'), code }).expect(200);
    const replay = await second({ mfaToken: await mfaTokenOf('cal'), code });
    expect([replay.status, replay.body.code]).toEqual([401, 'mfa_code_invalid']);
    // Within the window, the previous step's code is still right, but older than the one used.
    const earlier = TOTP.generate({ secret: Secret.fromBase32(secret), timestamp: now() - 30_000 });
    const older = await second({ mfaToken: await mfaTokenOf('cal'), code: earlier });
    expect(older.body.code).toBe('mfa_code_invalid');
    nextStep();
    await second({ mfaToken: await mfaTokenOf('cal'), code: codeOf(secret) }).expect(200);
  });

  it('accepts one code once in a burst: on many mfaTokens, and on one mfaToken', async () => {
    const { secret } = await enrol('dan');
    const tokens = await Promise.all(Array.from({ length: 4 }, () => mfaTokenOf('dan')));
    const code = codeOf(secret);
    const statuses = (await Promise.all(tokens.map((mfaToken) => second({ mfaToken, code })))).map(
      (response) => response.status,
    );
    expect(statuses.sort()).toEqual([200, 401, 401, 401]);

    nextStep();
    const mfaToken = await mfaTokenOf('dan');
    const same = codeOf(secret);
    const burst = await Promise.all(
      Array.from({ length: 3 }, () => second({ mfaToken, code: same })),
    );
    expect(burst.map((response) => response.status).sort()).toEqual([200, 401, 401]);
  });

  it('uses an mfaToken once: after its success it is refused', async () => {
    const { secret } = await enrol('fay');
    const mfaToken = await mfaTokenOf('fay');
    await second({ mfaToken, code: codeOf(secret) }).expect(200);
    nextStep();
    const again = await second({ mfaToken, code: codeOf(secret) });
    expect([again.status, again.body.code]).toEqual([401, 'mfa_token_invalid']);
  });

  it('refuses an expired mfaToken, and one never issued', async () => {
    const { secret } = await enrol('gus');
    const mfaToken = await mfaTokenOf('gus');
    offsetMs += 5 * 60_000 + 1000;
    const expired = await second({ mfaToken, code: codeOf(secret) });
    expect([expired.status, expired.body.code]).toEqual([401, 'mfa_token_invalid']);
    const forged = await second({ mfaToken: 'x'.repeat(43), code: '123456' });
    expect([forged.status, forged.body.code]).toEqual([401, 'mfa_token_invalid']);
    const malformed = await second({ mfaToken: 'short', code: '123456' });
    expect(malformed.body.code).toBe('mfa_token_invalid');
  });

  it('keeps an mfaToken through a few wrong codes, then uses it up', async () => {
    const { secret } = await enrol('hal');
    const mfaToken = await mfaTokenOf('hal');
    const wrong = String((Number(codeOf(secret)) + 1) % 1e6).padStart(6, '0');
    for (let i = 0; i < 2; i++) {
      expect((await second({ mfaToken, code: wrong })).body.code).toBe('mfa_code_invalid');
    }
    // Each wrong code is a failed login in the audit trail, naming the username and the user.
    expect(eventsOf('user-hal').slice(-2)).toEqual([
      { name: 'auth.login_failed', username: 'hal' },
      { name: 'auth.login_failed', username: 'hal' },
    ]);
    await second({ mfaToken, code: codeOf(secret) }).expect(200);

    nextStep();
    const other = await mfaTokenOf('hal');
    for (let i = 0; i < 3; i++) await second({ mfaToken: other, code: wrong });
    const spent = await second({ mfaToken: other, code: codeOf(secret) });
    expect(spent.body.code).toBe('mfa_token_invalid');
  });

  it('throttles wrong codes like logins: 429 across mfaTokens, even for the right code', async () => {
    const { secret } = await enrol('ivy');
    const wrong = String((Number(codeOf(secret)) + 1) % 1e6).padStart(6, '0');
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      statuses.push((await second({ mfaToken: await mfaTokenOf('ivy'), code: wrong })).status);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
    const refused = await second({ mfaToken: await mfaTokenOf('ivy'), code: codeOf(secret) });
    expect([refused.status, refused.body.code]).toEqual([429, 'too_many_attempts']);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('takes a recovery code once, with amr pwd+rc', async () => {
    const { recoveryCodes } = await enrol('jo');
    const [code] = recoveryCodes;
    const pair = (
      await second({ mfaToken: await mfaTokenOf('jo'), recoveryCode: code.toUpperCase() }).expect(
        200,
      )
    ).body as TokenPairBody;
    expect(claimsOf(pair.accessToken)).toMatchObject({ acr: 'mfa', amr: ['pwd', 'rc'] });
    const again = await second({ mfaToken: await mfaTokenOf('jo'), recoveryCode: code });
    expect([again.status, again.body.code]).toEqual([401, 'mfa_code_invalid']);
    const status = await app.http().get('/auth/mfa').set(bearer(pair.accessToken)).expect(200);
    expect(status.body.recoveryCodesLeft).toBe(9);
  });

  it('spends a recovery code once in a burst', async () => {
    const { recoveryCodes } = await enrol('kim');
    const tokens = await Promise.all(Array.from({ length: 3 }, () => mfaTokenOf('kim')));
    const results = await Promise.all(
      tokens.map((mfaToken) => second({ mfaToken, recoveryCode: recoveryCodes[1] })),
    );
    expect(results.map((response) => response.status).sort()).toEqual([200, 401, 401]);
  });

  it('wants exactly one second factor in the body', async () => {
    const mfaToken = 'x'.repeat(43);
    for (const body of [
      { mfaToken },
      { mfaToken, code: '123456', recoveryCode: 'abcde-fghij' },
      { mfaToken, code: '123456', method: 'push' },
      { mfaToken, proof: { approval: 'a' } },
      { mfaToken, code: '123456', extra: 1 },
    ]) {
      const response = await second(body);
      expect([response.status, response.body.code]).toEqual([400, 'validation_failed']);
    }
  });
});

describe("an app's own second factor", () => {
  it('is offered in methods and completes the login with its amr', async () => {
    const body = (await login('dee')).body as { methods: string[]; mfaToken: string };
    expect(body.methods).toEqual(['push']);
    const refused = await second({
      mfaToken: body.mfaToken,
      method: 'push',
      proof: { approval: 'no' },
    });
    expect([refused.status, refused.body.code]).toEqual([401, 'mfa_code_invalid']);
    approvals.add('approved-1');
    const pair = (
      await second({
        mfaToken: body.mfaToken,
        method: 'push',
        proof: { approval: 'approved-1' },
      }).expect(200)
    ).body as TokenPairBody;
    expect(claimsOf(pair.accessToken)).toMatchObject({ acr: 'mfa', amr: ['pwd', 'hwk'] });
  });

  it("refuses a method that is not the user's", async () => {
    const { secret } = await enrol('lou');
    const mfaToken = await mfaTokenOf('lou');
    const response = await second({ mfaToken, method: 'push', proof: { approval: 'x' } });
    expect([response.status, response.body.code]).toEqual([400, 'mfa_method_unavailable']);
    // The refusal counted one attempt, and the mfaToken is still good.
    await second({ mfaToken, code: codeOf(secret) }).expect(200);
  });
});

describe('a signed-in user with TOTP', () => {
  async function signedIn(username: string) {
    const { secret, recoveryCodes } = await enrol(username);
    const mfaToken = await mfaTokenOf(username);
    const pair = (await second({ mfaToken, code: codeOf(secret) }).expect(200))
      .body as TokenPairBody;
    nextStep();
    return { secret, recoveryCodes, pair };
  }

  it('steps up with the password and a code: acr mfa, amr pwd+otp', async () => {
    const { secret, pair } = await signedIn('max');
    offsetMs += 60_000;
    const body = { username: 'max', password: 'pw', refreshToken: pair.refreshToken };
    const wrong = await post('/auth/reauthenticate', { ...body, code: '000000' });
    expect([wrong.status, wrong.body.code]).toEqual([401, 'mfa_code_invalid']);
    const upgraded = (
      await post('/auth/reauthenticate', { ...body, code: codeOf(secret) }).expect(200)
    ).body as TokenPairBody;
    const claims = claimsOf(upgraded.accessToken);
    expect(claims).toMatchObject({ acr: 'mfa', amr: ['pwd', 'otp'] });
    expect(claims.auth_time).toBe(claims.iat);
  });

  it('replaces the recovery codes with a code: the old ones stop working', async () => {
    const { secret, recoveryCodes, pair } = await signedIn('ned');
    const fresh = await post(
      '/auth/mfa/recovery-codes',
      { code: codeOf(secret) },
      pair.accessToken,
    );
    expect(fresh.status).toBe(200);
    expect(fresh.body.recoveryCodes).toHaveLength(10);
    const old = await second({ mfaToken: await mfaTokenOf('ned'), recoveryCode: recoveryCodes[0] });
    expect(old.body.code).toBe('mfa_code_invalid');
    await second({
      mfaToken: await mfaTokenOf('ned'),
      recoveryCode: fresh.body.recoveryCodes[0],
    }).expect(200);
  });

  it('removes the factor with a current code, never without: then login gives tokens again', async () => {
    const { secret, pair } = await signedIn('oz');
    const wrong = await post('/auth/mfa/totp/disable', { code: '000000' }, pair.accessToken);
    expect([wrong.status, wrong.body.code]).toEqual([401, 'mfa_code_invalid']);
    const none = await post('/auth/mfa/totp/disable', {}, pair.accessToken);
    expect(none.body.code).toBe('validation_failed');
    expect((await login('oz')).body.mfaRequired).toBe(true);
    await post('/auth/mfa/totp/disable', { code: codeOf(secret) }, pair.accessToken).expect(204);
    expect((await login('oz')).body).toHaveProperty('accessToken');
    const gone = await post('/auth/mfa/totp/disable', { code: codeOf(secret) }, pair.accessToken);
    expect([gone.status, gone.body.code]).toEqual([404, 'mfa_not_enrolled']);
  });
});

describe('an attacker against the second factor', () => {
  it('keeps a password-only step-up from keeping the acr mfa of the session', async () => {
    const { secret } = await enrol('pia');
    const mfaToken = await mfaTokenOf('pia');
    const pair = (await second({ mfaToken, code: codeOf(secret) }).expect(200))
      .body as TokenPairBody;
    await app.http().get('/account/vault').set(bearer(pair.accessToken)).expect(200);
    const body = { username: 'pia', password: 'pw', refreshToken: pair.refreshToken };
    const weaker = (await post('/auth/reauthenticate', body).expect(200)).body as TokenPairBody;
    expect(claimsOf(weaker.accessToken).acr).toBeUndefined();
    const refused = await app.http().get('/account/vault').set(bearer(weaker.accessToken));
    expect([refused.status, refused.body.code]).toEqual([401, 'insufficient_user_authentication']);
  });

  it("refuses one user's mfaToken completed with another user's code", async () => {
    await enrol('quin');
    const other = await enrol('rae');
    const mfaToken = await mfaTokenOf('quin');
    const crossed = await second({ mfaToken, code: codeOf(other.secret) });
    expect([crossed.status, crossed.body.code]).toEqual([401, 'mfa_code_invalid']);
  });

  it('checks at most maxAttemptsPerMfaToken codes of a burst, right code included', async () => {
    const { secret } = await enrol('sol');
    const mfaToken = await mfaTokenOf('sol');
    const codes = [...Array.from({ length: 8 }, () => '000000'), codeOf(secret)];
    const answers = await Promise.all(codes.map((code) => second({ mfaToken, code })));
    const checked = answers.filter((a) => a.body.code === 'mfa_code_invalid' || a.status === 200);
    expect(checked.length).toBeLessThanOrEqual(3);
    expect(answers.filter((a) => a.status === 200).length).toBeLessThanOrEqual(1);
  });

  it('never lets an enrolment that outlived a confirmation replace the active factor', async () => {
    const { accessToken } = (await login('tia')).body as TokenPairBody;
    const key = `${prefix}mfa-enrolment:user-tia`;
    // The attacker's enrolment (an access token suffices), then the victim's own, which
    // replaces it while pending; the attacker's write lands again after the victim confirms
    // (a racing enrolment that read "no factor" before the confirmation saved one).
    const attacker = (await post('/auth/mfa/totp', {}, accessToken).expect(200)).body as {
      secret: string;
    };
    const sealed = await redis.get(key);
    const victim = (await post('/auth/mfa/totp', {}, accessToken).expect(200)).body as {
      secret: string;
    };
    await post('/auth/mfa/totp/confirm', { code: codeOf(victim.secret) }, accessToken).expect(200);
    nextStep();
    await redis.set(key, sealed!, 'EX', 600);
    const late = await post(
      '/auth/mfa/totp/confirm',
      { code: codeOf(attacker.secret) },
      accessToken,
    );
    expect([late.status, late.body.code]).toEqual([409, 'mfa_already_enrolled']);
    nextStep();
    await second({ mfaToken: await mfaTokenOf('tia'), code: codeOf(victim.secret) }).expect(200);
  });
});
