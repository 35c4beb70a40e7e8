// An app's subclasses of JwtAuthGuard, overriding handleRequest() or getRequest() as with
// @nestjs/passport's AuthGuard: the guard no longer goes through passport.authenticate(), and
// these overrides must see exactly what passport gave them, on the promise path (a token seen
// for the first time) and on the fast path (verified-token cache and revocation mirror).
import 'reflect-metadata';
import {
  Controller,
  type ExecutionContext,
  Get,
  HttpException,
  type INestApplication,
  Injectable,
  Req,
  UseGuards,
} from '@nestjs/common';
import { Test } from '@nestjs/testing';
import {
  type AccessTokenClaims,
  AuthException,
  AuthService,
  AuthTestingModule,
  type AuthenticatedUser,
  CurrentUser,
  Denylist,
  JwtAuthGuard,
  OptionalAuth,
} from 'nest-jwt-auth';
import request from 'supertest';
import { type RevocationMirror } from '../lib/denylist/revocation-mirror.js';
import { expectAuthError } from './support/expect-auth-error.js';
import { HTTP_ADAPTER, createHttpApp } from './support/http-app.js';
import { REDIS_URL, deleteKeys, uniqueKeyPrefix } from './support/redis.js';

/** What handleRequest() was called with, as the controller and the test can read it. */
interface Call {
  err: unknown;
  user: unknown;
  info: unknown;
  type: string;
  status: unknown;
}

/** Logs every call, maps a revoked session to the app's own 419, and marks the user. */
@Injectable()
class AuditingGuard extends JwtAuthGuard {
  static calls: Call[] = [];

  override handleRequest<TUser = AuthenticatedUser>(
    err: unknown,
    user: unknown,
    info: unknown,
    context?: ExecutionContext,
    status?: unknown,
  ): TUser {
    AuditingGuard.calls.push({ err, user, info, type: context!.getType(), status });
    if (err instanceof AuthException && err.code === 'token_revoked') {
      throw new HttpException({ code: 'session_over' }, 419);
    }
    const accepted = super.handleRequest<AuthenticatedUser | undefined>(err, user, info, context);
    return (accepted && { ...accepted, audited: true }) as TUser;
  }
}

/** An async override, which AuthGuard awaited. */
@Injectable()
class AsyncGuard extends JwtAuthGuard {
  override handleRequest<TUser = AuthenticatedUser>(
    err: unknown,
    user: unknown,
    info: unknown,
    context?: ExecutionContext,
  ): TUser {
    const handled = super.handleRequest<AuthenticatedUser>(err, user, info, context);
    return Promise.resolve({ ...handled, viaPromise: true }) as TUser;
  }
}

/** A legacy client sends its token as `X-Api-Token`: the app's getRequest() moves it. */
@Injectable()
class LegacyHeaderGuard extends JwtAuthGuard {
  static requests = 0;

  override getRequest<T>(context: ExecutionContext): T {
    LegacyHeaderGuard.requests++;
    const http = super.getRequest<{ headers: Record<string, string | undefined> }>(context);
    const legacy = http.headers['x-api-token'];
    if (legacy) http.headers.authorization = `Bearer ${legacy}`;
    return http as T;
  }
}

type PassportRequest = { user?: unknown; authInfo?: AccessTokenClaims };

@Controller()
class ProbeController {
  @UseGuards(AuditingGuard)
  @Get('audited')
  audited(@Req() req: PassportRequest) {
    return { user: req.user, authInfo: req.authInfo };
  }

  @UseGuards(AuditingGuard)
  @OptionalAuth()
  @Get('audited-optional')
  auditedOptional(@CurrentUser() user?: AuthenticatedUser) {
    return { user: user ?? null };
  }

  @UseGuards(AsyncGuard)
  @Get('async')
  async(@CurrentUser() user: AuthenticatedUser) {
    return user;
  }

  @UseGuards(LegacyHeaderGuard)
  @Get('legacy')
  legacy(@CurrentUser('sub') sub: string) {
    return { sub };
  }
}

const prefix = uniqueKeyPrefix('guard-overrides');
let app: INestApplication;
let auth: AuthService;

beforeAll(async () => {
  const moduleRef = await Test.createTestingModule({
    // The Redis store, so that the revocation mirror (on by default) gives the fast path.
    imports: [AuthTestingModule.forRoot({ store: { redis: REDIS_URL, keyPrefix: prefix } })],
    controllers: [ProbeController],
    providers: [AuditingGuard, AsyncGuard, LegacyHeaderGuard],
  }).compile();
  app = await createHttpApp(moduleRef);
  auth = app.get(AuthService);
  const mirror = app.get<RevocationMirror>(Denylist);
  const deadline = Date.now() + 2000;
  while (!mirror.live && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  expect(mirror.live).toBe(true);
});

afterAll(async () => {
  await app?.close();
  await deleteKeys(prefix);
});

beforeEach(() => {
  AuditingGuard.calls = [];
});

const http = () => request(app.getHttpServer());
const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

describe(`an app's handleRequest() override (${HTTP_ADAPTER})`, () => {
  it.each(['the promise path (first request)', 'the fast path (token seen before)'])(
    'gets (null, user, claims, context) on %s, and its user reaches the request',
    async (path) => {
      const { accessToken } = await auth.issueTokens({ sub: 'ann', roles: ['user'] });
      if (path.startsWith('the fast')) await http().get('/audited').set(bearer(accessToken));
      AuditingGuard.calls = [];
      const response = await http().get('/audited').set(bearer(accessToken)).expect(200);
      const user = { sub: 'ann', sid: expect.any(String), roles: ['user'] };
      expect(AuditingGuard.calls).toEqual([
        {
          err: null,
          user,
          info: expect.objectContaining({ ...user, jti: expect.any(String) }),
          type: 'http',
          status: undefined,
        },
      ]);
      // request.user is what handleRequest returned; request.authInfo the claims, as passport set them.
      expect(response.body.user).toEqual({ ...user, audited: true });
      expect(response.body.authInfo).toEqual(AuditingGuard.calls[0].info);
      expect(response.body.authInfo.exp).toEqual(expect.any(Number));
    },
  );

  it("gets (null, false, passport-jwt's 'No auth token' error, context, 401) without a token", async () => {
    expectAuthError(await http().get('/audited'), 401, 'token_missing');
    expect(AuditingGuard.calls).toHaveLength(1);
    const [call] = AuditingGuard.calls;
    expect(call).toMatchObject({ err: null, user: false, type: 'http', status: 401 });
    expect(call.info).toBeInstanceOf(Error);
    expect((call.info as Error).message).toBe('No auth token');
    await http().get('/audited-optional').expect(200, { user: null });
  });

  it('gets (AuthException, undefined, undefined, context) for a refused token', async () => {
    expectAuthError(
      await http().get('/audited').set(bearer('not.a-token')),
      401,
      'token_malformed',
    );
    const [call] = AuditingGuard.calls;
    expect(call.err).toBeInstanceOf(AuthException);
    expect(call).toMatchObject({ user: undefined, info: undefined, status: undefined });
  });

  it('maps errors its own way: a revoked token answered 419, on the fast path too', async () => {
    const { accessToken } = await auth.issueTokens({ sub: 'ann', roles: [] });
    await http().get('/audited').set(bearer(accessToken)).expect(200);
    await auth.logout(await auth.verifyAccessToken(accessToken));
    const refused = await http().get('/audited').set(bearer(accessToken)).expect(419);
    expect(refused.body).toEqual({ code: 'session_over' });
  });

  it('may return a promise, which is awaited, as AuthGuard did', async () => {
    const { accessToken } = await auth.issueTokens({ sub: 'bea', roles: [] });
    for (let i = 0; i < 2; i++) {
      const response = await http().get('/async').set(bearer(accessToken)).expect(200);
      expect(response.body).toMatchObject({ sub: 'bea', viaPromise: true });
    }
  });
});

describe(`an app's getRequest() override (${HTTP_ADAPTER})`, () => {
  it('decides where the token is read, on both paths, and holds the user', async () => {
    const { accessToken } = await auth.issueTokens({ sub: 'cid', roles: [] });
    LegacyHeaderGuard.requests = 0;
    for (let i = 0; i < 2; i++) {
      await http().get('/legacy').set('X-Api-Token', accessToken).expect(200, { sub: 'cid' });
    }
    expect(LegacyHeaderGuard.requests).toBe(2);
    expectAuthError(await http().get('/legacy'), 401, 'token_missing');
    expectAuthError(
      await http().get('/legacy').set('X-Api-Token', 'not.a-token'),
      401,
      'token_malformed',
    );
  });
});
