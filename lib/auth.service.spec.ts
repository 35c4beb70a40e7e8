import 'reflect-metadata';
import { createHmac, randomUUID } from 'node:crypto';
import { jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { RecordingStores } from '../test/support/recording-stores.js';
import { AuthModule } from './auth.module.js';
import { AuthService } from './auth.service.js';
import { type TokenPair } from './interfaces/token-pair.interface.js';
import { MemoryDenylist } from './denylist/memory-denylist.js';
import { type AuthException } from './errors/auth.exception.js';
import { type AuthModuleOptions } from './options/auth-module-options.interface.js';
import { type AuthEvent } from './interfaces/auth-event.interface.js';
import { type AuthUser } from './interfaces/auth-user.interface.js';
import { MemorySessionStore } from './sessions/memory-session-store.js';
import { codeOf } from '../test/support/auth-errors.js';
import { b64url } from '../test/support/forge-token.js';

const SECRET = `${'x'.repeat(32)}-auth-service-spec`;

const USERS: Record<string, AuthUser> = {
  ann: { sub: 'user-ann', roles: ['admin'], tenant: 't1' },
};

const baseOptions: AuthModuleOptions = {
  secret: SECRET,
  store: 'memory',
  validateCredentials: async (username, password) =>
    password === 'right' ? (USERS[username] ?? null) : null,
  claims: (user) => ({ tenant: user.tenant }),
};

type Boot = (options?: Partial<AuthModuleOptions>) => Promise<TestingModule>;

const forRoot: Boot = (options = {}) =>
  Test.createTestingModule({
    imports: [AuthModule.forRoot({ ...baseOptions, ...options })],
  }).compile();

const forRootAsync: Boot = (options = {}) =>
  Test.createTestingModule({
    imports: [
      AuthModule.forRootAsync({ useFactory: async () => ({ ...baseOptions, ...options }) }),
    ],
  }).compile();

function decode(token: string): {
  header: Record<string, unknown>;
  claims: Record<string, unknown>;
} {
  const [header, claims] = token
    .split('.')
    .slice(0, 2)
    .map((part) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8')));
  return { header, claims };
}

/** An HS256 access token with these claims, signed by us rather than the module. */
function sign(claims: Record<string, unknown>, secret = SECRET): string {
  const input = `${b64url({ alg: 'HS256', typ: 'at+jwt' })}.${b64url(claims)}`;
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
}

const now = () => Math.floor(Date.now() / 1000);

beforeAll(() => {
  // The memory store's start-up warning and storeCall's outage line.
  jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
  jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
  jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
});

afterAll(() => {
  jest.restoreAllMocks();
});

describe.each([
  ['forRoot', forRoot],
  ['forRootAsync', forRootAsync],
])('AuthService (AuthModule.%s)', (_style, boot) => {
  let moduleRef: TestingModule;
  let auth: AuthService;

  beforeAll(async () => {
    moduleRef = await boot();
    await moduleRef.init();
    auth = moduleRef.get(AuthService);
  });

  afterAll(async () => {
    await moduleRef.close();
  });

  describe('login', () => {
    it('returns a token pair for valid credentials', async () => {
      const pair = (await auth.login('ann', 'right')) as TokenPair;
      expect(pair).toEqual({
        accessToken: expect.any(String),
        refreshToken: expect.any(String),
        tokenType: 'Bearer',
        expiresIn: 900,
        refreshExpiresIn: 604800,
      });
      expect((await auth.verifyAccessToken(pair.accessToken)).sub).toBe('user-ann');
    });

    it.each([
      ['ann', 'wrong'],
      ['nobody', 'right'],
    ])('refuses %s / %s with invalid_credentials', async (username, password) => {
      expect(await codeOf(auth.login(username, password))).toBe('invalid_credentials');
    });
  });

  describe('issueTokens', () => {
    it('signs an HS256 at+jwt with the session claims, the roles and the app claims', async () => {
      const before = now();
      const { accessToken } = await auth.issueTokens(USERS.ann);
      const { header, claims } = decode(accessToken);
      expect(header).toEqual({ alg: 'HS256', typ: 'at+jwt' });
      expect(claims).toEqual({
        sub: 'user-ann',
        roles: ['admin'],
        tenant: 't1',
        sid: expect.stringMatching(/^[0-9a-f-]{36}$/),
        jti: expect.stringMatching(/^[0-9a-f-]{36}$/),
        iat: expect.any(Number),
        exp: expect.any(Number),
        // RFC 9068 section 2.2; with neither clientId, audience nor issuer set, the fallback.
        client_id: 'nest-jwt-auth',
        // The session started now; no password proved it (issueTokens, not login): no amr.
        auth_time: claims.iat,
      });
      expect(claims.iat).toBeGreaterThanOrEqual(before);
      expect((claims.exp as number) - (claims.iat as number)).toBe(900);
    });

    it('gives every login its own session and token id', async () => {
      const first = decode((await auth.issueTokens(USERS.ann)).accessToken).claims;
      const second = decode((await auth.issueTokens(USERS.ann)).accessToken).claims;
      expect(second.sid).not.toBe(first.sid);
      expect(second.jti).not.toBe(first.jti);
    });

    it('gives a user without roles an empty list', async () => {
      const { claims } = decode((await auth.issueTokens({ sub: 'plain' })).accessToken);
      expect(claims.roles).toEqual([]);
    });
  });

  describe('verifyAccessToken', () => {
    it('returns the claims of a token it issued', async () => {
      const { accessToken } = await auth.issueTokens(USERS.ann);
      expect(await auth.verifyAccessToken(accessToken)).toEqual(decode(accessToken).claims);
    });

    it('refuses a token signed with another secret as token_invalid', async () => {
      const { claims } = decode((await auth.issueTokens(USERS.ann)).accessToken);
      const foreign = sign(claims, `${SECRET}-other`);
      expect(await codeOf(auth.verifyAccessToken(foreign))).toBe('token_invalid');
    });

    it('refuses an expired token as token_expired', async () => {
      const claims = { sub: 'user-ann', sid: randomUUID(), jti: randomUUID(), roles: [] };
      const expired = sign({ ...claims, iat: now() - 120, exp: now() - 60 });
      expect(await codeOf(auth.verifyAccessToken(expired))).toBe('token_expired');
      // The same claims, still valid: only exp made the difference.
      expect(
        await auth.verifyAccessToken(sign({ ...claims, iat: now(), exp: now() + 60 })),
      ).toMatchObject({ sub: 'user-ann' });
    });

    it('refuses a refresh token as token_malformed', async () => {
      const { refreshToken } = await auth.issueTokens(USERS.ann);
      expect(await codeOf(auth.verifyAccessToken(refreshToken))).toBe('token_malformed');
    });
  });

  describe('refresh', () => {
    it('returns a new pair of the same session', async () => {
      const first = await auth.issueTokens(USERS.ann);
      const second = await auth.refresh(first.refreshToken);
      expect(second.refreshToken).not.toBe(first.refreshToken);
      const [before, after] = [first, second].map((pair) => decode(pair.accessToken).claims);
      expect(after.sid).toBe(before.sid);
      expect(after.jti).not.toBe(before.jti);
      expect(after).toMatchObject({ sub: 'user-ann', roles: ['admin'], tenant: 't1' });
      await expect(auth.verifyAccessToken(second.accessToken)).resolves.toMatchObject({
        sid: before.sid,
      });
    });

    it('treats the rotated token, presented again, as reuse and ends the session', async () => {
      const first = await auth.issueTokens(USERS.ann);
      const second = await auth.refresh(first.refreshToken);
      expect(await codeOf(auth.refresh(first.refreshToken))).toBe('refresh_token_reused');
      expect(await codeOf(auth.refresh(second.refreshToken))).toBe('refresh_token_invalid');
      expect(await codeOf(auth.verifyAccessToken(second.accessToken))).toBe('token_revoked');
    });

    it.each([
      ['garbage', 'garbage'],
      ['an empty string', ''],
      ['an unknown session', `${randomUUID()}.${'a'.repeat(43)}`],
    ])('refuses %s as refresh_token_invalid', async (_case, token) => {
      expect(await codeOf(auth.refresh(token))).toBe('refresh_token_invalid');
    });

    it('refuses an access token, and a made-up secret of a real session', async () => {
      const { accessToken, refreshToken } = await auth.issueTokens(USERS.ann);
      expect(await codeOf(auth.refresh(accessToken))).toBe('refresh_token_invalid');
      const madeUp = `${refreshToken.split('.')[0]}.${'b'.repeat(43)}`;
      expect(await codeOf(auth.refresh(madeUp))).toBe('refresh_token_invalid');
      await expect(auth.refresh(refreshToken)).resolves.toHaveProperty('accessToken');
    });
  });

  describe('logout', () => {
    it('revokes the access token and the refresh token of the session', async () => {
      const pair = await auth.issueTokens(USERS.ann);
      const other = await auth.issueTokens(USERS.ann);
      await auth.logout(await auth.verifyAccessToken(pair.accessToken));
      expect(await codeOf(auth.verifyAccessToken(pair.accessToken))).toBe('token_revoked');
      expect(await codeOf(auth.refresh(pair.refreshToken))).toBe('refresh_token_invalid');
      // Another session of the same user lives on.
      await expect(auth.verifyAccessToken(other.accessToken)).resolves.toHaveProperty('sub');
    });
  });
});

describe('AuthService options', () => {
  async function serviceWith(options: Partial<AuthModuleOptions>) {
    const moduleRef = await forRoot(options);
    await moduleRef.init();
    return { auth: moduleRef.get(AuthService), close: () => moduleRef.close() };
  }

  it('never lets claims() override the registered claims or roles', async () => {
    const { auth, close } = await serviceWith({
      claims: () => ({
        sub: 'evil',
        sid: 'evil',
        jti: 'evil',
        exp: 1,
        iat: 1,
        nbf: 9_999_999_999,
        iss: 'evil',
        aud: 'evil',
        client_id: 'evil',
        roles: ['root'],
        tenant: 't1',
      }),
    });
    try {
      const { accessToken } = await auth.issueTokens(USERS.ann);
      const { claims } = decode(accessToken);
      expect(claims).toMatchObject({ sub: 'user-ann', roles: ['admin'], tenant: 't1' });
      expect(claims.sid).not.toBe('evil');
      expect(claims.jti).not.toBe('evil');
      expect(claims.exp).toBeGreaterThan(now());
      expect(claims.iat).toBeGreaterThan(1);
      expect(claims).not.toHaveProperty('nbf');
      expect(claims).not.toHaveProperty('iss');
      expect(claims).not.toHaveProperty('aud');
      expect(claims.client_id).toBe('nest-jwt-auth');
      await expect(auth.verifyAccessToken(accessToken)).resolves.toHaveProperty('sub', 'user-ann');
    } finally {
      await close();
    }
  });

  it.each<[string, Partial<AuthModuleOptions>, string]>([
    ['clientId', { clientId: 'web-app', audience: 'my-api', issuer: 'my-app' }, 'web-app'],
    ['the audience', { audience: 'my-api', issuer: 'my-app' }, 'my-api'],
    ['the issuer', { issuer: 'my-app' }, 'my-app'],
  ])('sets client_id (RFC 9068) from %s', async (_case, options, clientId) => {
    const { auth, close } = await serviceWith(options);
    try {
      const { accessToken } = await auth.issueTokens(USERS.ann);
      expect(decode(accessToken).claims.client_id).toBe(clientId);
      await expect(auth.verifyAccessToken(accessToken)).resolves.toHaveProperty(
        'client_id',
        clientId,
      );
    } finally {
      await close();
    }
  });

  it('sets and checks iss and aud when configured', async () => {
    const { auth, close } = await serviceWith({ issuer: 'my-app', audience: 'my-api' });
    try {
      const { accessToken } = await auth.issueTokens(USERS.ann);
      expect(decode(accessToken).claims).toMatchObject({ iss: 'my-app', aud: 'my-api' });
      await expect(auth.verifyAccessToken(accessToken)).resolves.toHaveProperty('iss', 'my-app');
      const claims = { sub: 'a', sid: 's', jti: 'j', iat: now(), exp: now() + 60 };
      for (const wrong of [
        { ...claims, aud: 'my-api' },
        { ...claims, iss: 'my-app' },
        { ...claims, iss: 'other', aud: 'my-api' },
        { ...claims, iss: 'my-app', aud: 'other' },
      ]) {
        expect(await codeOf(auth.verifyAccessToken(sign(wrong)))).toBe('token_invalid');
      }
    } finally {
      await close();
    }
  });

  it('ends access tokens 2 × the clock tolerance before their session, and says so in expiresIn', async () => {
    const { auth, close } = await serviceWith({ sessionMaxLifetime: 60, clockToleranceSeconds: 5 });
    try {
      const pair = await auth.issueTokens(USERS.ann);
      const { claims } = decode(pair.accessToken);
      expect((claims.exp as number) - (claims.iat as number)).toBe(50);
      expect(pair).toMatchObject({ expiresIn: 50, refreshExpiresIn: 60 });
    } finally {
      await close();
    }
  });

  it('asks refreshIdentity once per rotation, not again for a retry within the grace window', async () => {
    const asked: AuthUser[] = [];
    const { auth, close } = await serviceWith({
      refreshReuseGraceSeconds: 5,
      refreshIdentity: async (user) => {
        asked.push(user);
        return { ...user, roles: ['reader'], tenant: 't2' };
      },
    });
    try {
      const first = await auth.issueTokens(USERS.ann);
      const second = await auth.refresh(first.refreshToken);
      expect(await auth.refresh(first.refreshToken)).toEqual(second);
      expect(asked).toEqual([{ sub: 'user-ann', roles: ['admin'], tenant: 't1' }]);
      expect(decode(second.accessToken).claims).toMatchObject({ roles: ['reader'], tenant: 't2' });
    } finally {
      await close();
    }
  });

  it('answers 503 auth_store_unavailable when the denylist fails (fail closed)', async () => {
    const down = () => Promise.reject(new Error('connect ECONNREFUSED'));
    const { auth, close } = await serviceWith({
      store: { denylist: { add: down, has: down }, sessions: new MemorySessionStore() },
    });
    try {
      const pair = await auth.issueTokens(USERS.ann);
      const failure = (await auth
        .verifyAccessToken(pair.accessToken)
        .catch((error: unknown) => error)) as AuthException;
      expect(failure.code).toBe('auth_store_unavailable');
      expect(failure.getStatus()).toBe(503);
      const claims = decode(pair.accessToken).claims as { sub: string; sid: string };
      expect(await codeOf(auth.logout(claims))).toBe('auth_store_unavailable');
    } finally {
      await close();
    }
  });
});

describe('AuthService ending sessions', () => {
  // Lifetimes whose two denial TTLs differ: access 60 s + 2 × 5 s tolerance + 2 s margin, and the
  // same sized on the refresh token's 3600 s while the record may still exist.
  const SHORT_DENIAL = 72;
  const LONG_DENIAL = 3612;

  /** A memory denylist that remembers each denial's TTL, and can refuse the shortening one. */
  class TtlDenylist extends MemoryDenylist {
    readonly ttls: number[] = [];
    refuseShortening = false;

    override async add(subject: string, id: string, ttlSeconds: number): Promise<void> {
      this.ttls.push(ttlSeconds);
      if (this.refuseShortening && ttlSeconds === SHORT_DENIAL) throw new Error('injected');
      return super.add(subject, id, ttlSeconds);
    }
  }

  let moduleRef: TestingModule;
  let auth: AuthService;
  let denylist: TtlDenylist;
  let stores: RecordingStores;
  const events: AuthEvent[] = [];
  const where = { ip: '192.0.2.7', userAgent: 'spec' };

  beforeEach(async () => {
    denylist = new TtlDenylist();
    stores = new RecordingStores(denylist, new MemorySessionStore());
    moduleRef = await forRoot({
      store: { denylist: stores.denylist, sessions: stores.sessions },
      accessTokenTtl: 60,
      refreshTokenTtl: 3600,
      sessionMaxLifetime: 7200,
      clockToleranceSeconds: 5,
      onAuthEvent: (event) => void events.push(event),
    });
    await moduleRef.init();
    auth = moduleRef.get(AuthService);
  });

  afterEach(async () => {
    await moduleRef.close();
    events.length = 0;
  });

  /** A fresh session of ann, with the store calls and events of its start forgotten. */
  async function session() {
    const pair = await auth.issueTokens(USERS.ann);
    const claims = await auth.verifyAccessToken(pair.accessToken);
    stores.clear();
    denylist.ttls.length = 0;
    events.length = 0;
    return { ...pair, sid: claims.sid!, sub: claims.sub };
  }

  const endedEvents = () =>
    events.map(({ name, sub, sid, ip, userAgent }) => ({ name, sub, sid, ip, userAgent }));

  it('logout denies the session for as long as it could refresh, deletes it, then shortens the denial', async () => {
    const { sub, sid, accessToken, refreshToken } = await session();
    await auth.logout({ sub, sid }, where);
    expect(stores.calls).toEqual(['denylist.add', 'sessions.delete', 'denylist.add']);
    expect(denylist.ttls).toEqual([LONG_DENIAL, SHORT_DENIAL]);
    expect(await codeOf(auth.verifyAccessToken(accessToken))).toBe('token_revoked');
    expect(await codeOf(auth.refresh(refreshToken))).toBe('refresh_token_invalid');
    expect(endedEvents()).toEqual([{ name: 'auth.logout', sub, sid, ...where }]);
  });

  it("logout of claims without a session (another issuer's token) is 403 and writes nothing", async () => {
    const { sub, accessToken } = await session();
    expect(await codeOf(auth.logout({ sub }, where))).toBe('forbidden');
    expect(stores.calls).toEqual([]);
    expect(events).toEqual([]);
    expect(await codeOf(auth.verifyAccessToken(accessToken))).toBe('no error');
  });

  it('logout whose denial fails deletes nothing: the session lives on, and a retry ends it', async () => {
    const { sub, sid, accessToken } = await session();
    stores.failNext('denylist.add');
    expect(await codeOf(auth.logout({ sub, sid }))).toBe('auth_store_unavailable');
    expect(stores.calls).toEqual(['denylist.add']);
    expect(await codeOf(auth.verifyAccessToken(accessToken))).toBe('no error');
    expect(events).toEqual([]);
    await auth.logout({ sub, sid });
    expect(await codeOf(auth.verifyAccessToken(accessToken))).toBe('token_revoked');
  });

  it('logout whose delete fails leaves the session denied for as long as it could refresh', async () => {
    const { sub, sid, accessToken, refreshToken } = await session();
    stores.failNext('sessions.delete');
    expect(await codeOf(auth.logout({ sub, sid }))).toBe('auth_store_unavailable');
    expect(denylist.ttls).toEqual([LONG_DENIAL]);
    expect(await codeOf(auth.verifyAccessToken(accessToken))).toBe('token_revoked');
    expect(await codeOf(auth.refresh(refreshToken))).toBe('refresh_token_invalid');
  });

  it('logout succeeds when only the shortening of the denial fails', async () => {
    const { sub, sid, accessToken } = await session();
    denylist.refuseShortening = true;
    await auth.logout({ sub, sid });
    expect(denylist.ttls).toEqual([LONG_DENIAL, SHORT_DENIAL]);
    expect(await codeOf(auth.verifyAccessToken(accessToken))).toBe('token_revoked');
  });

  it('revokeSession ends a live session and reports it; an unknown one is false and writes nothing', async () => {
    const { sub, sid, accessToken } = await session();
    expect(await auth.revokeSession('no-such-session', where)).toBe(false);
    expect(stores.calls).not.toContain('denylist.add');
    expect(stores.calls).not.toContain('sessions.delete');
    expect(await auth.revokeSession(sid, where)).toBe(true);
    expect(denylist.ttls).toEqual([LONG_DENIAL, SHORT_DENIAL]);
    expect(await codeOf(auth.verifyAccessToken(accessToken))).toBe('token_revoked');
    expect(endedEvents()).toEqual([{ name: 'auth.session_revoked', sub, sid, ...where }]);
  });

  it('revokeAllSessions ends every session of the user, one event each', async () => {
    const first = await auth.issueTokens(USERS.ann);
    const { sub, sid, accessToken } = await session();
    const firstSid = (decode(first.accessToken).claims as { sid: string }).sid;
    await auth.revokeAllSessions(sub, where);
    expect(await auth.listSessions(sub)).toEqual([]);
    for (const token of [first.accessToken, accessToken]) {
      expect(await codeOf(auth.verifyAccessToken(token))).toBe('token_revoked');
    }
    expect(
      endedEvents()
        .map((event) => event.sid)
        .sort(),
    ).toEqual([firstSid, sid].sort());
    expect(endedEvents()[0]).toMatchObject({ name: 'auth.session_revoked', sub, ...where });
  });

  it('revokeAllSessions of a user without sessions writes nothing', async () => {
    await auth.revokeAllSessions('user-nobody');
    expect(stores.calls).toEqual(['sessions.list']);
    expect(events).toEqual([]);
  });
});
