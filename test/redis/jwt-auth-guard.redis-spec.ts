import 'reflect-metadata';
import { createHook } from 'node:async_hooks';
import { jest } from '@jest/globals';
import { type ExecutionContext, type INestApplicationContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ExecutionContextHost } from '@nestjs/core/internal';
import { deleteKeys, REDIS_URL, uniqueKeyPrefix } from '../support/redis.js';
import { AuthService } from '../../lib/auth.service.js';
import { OptionalAuth } from '../../lib/decorators/optional-auth.decorator.js';
import { Public } from '../../lib/decorators/public.decorator.js';
import { Roles } from '../../lib/decorators/roles.decorator.js';
import { Denylist } from '../../lib/denylist/denylist.interface.js';
import { RevocationMirror } from '../../lib/denylist/revocation-mirror.js';
import { JwtStrategy } from '../../lib/strategies/jwt.strategy.js';
import { JwtAuthGuard } from '../../lib/guards/jwt-auth.guard.js';
import { startAuthContext } from '../support/auth-context.js';

const prefix = uniqueKeyPrefix('guard');
let context: INestApplicationContext;
let guard: JwtAuthGuard;
let reflector: Reflector;
let accessToken: string;

@Roles('user')
class Controller {
  me() {}

  @Public()
  open() {}

  @OptionalAuth()
  maybe() {}

  @Roles('admin')
  admin() {}
}

/** A subclass: the same handler functions, under a class decorator of its own. */
@Public()
class PublicController extends Controller {}

type Request = { headers: Record<string, string>; user?: unknown; authInfo?: unknown };

function http(handler: keyof Controller, token?: string, type: object = Controller) {
  const request: Request = { headers: token ? { authorization: `Bearer ${token}` } : {} };
  const host = new ExecutionContextHost(
    [request, {}, () => undefined],
    type as new () => object,
    Controller.prototype[handler],
  );
  host.setType('http');
  return { request, context: host as ExecutionContext };
}

/** How many promises `run` creates, counted by async_hooks. */
function promisesCreatedBy<T>(run: () => T): { result: T; promises: number } {
  let promises = 0;
  const hook = createHook({ init: (_id, type) => void (type === 'PROMISE' && promises++) });
  hook.enable();
  try {
    return { result: run(), promises };
  } finally {
    hook.disable();
  }
}

async function within(ms: number, check: () => boolean): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`not within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

beforeAll(async () => {
  // The Redis store: the revocation mirror is on by default.
  context = await startAuthContext({ store: { redis: REDIS_URL, keyPrefix: prefix } });
  reflector = context.get(Reflector);
  guard = new JwtAuthGuard(reflector, context.get(JwtStrategy));
  const mirror = context.get<RevocationMirror>(Denylist);
  expect(mirror).toBeInstanceOf(RevocationMirror);
  await within(2000, () => mirror.live);
  ({ accessToken } = await context.get(AuthService).issueTokens({ sub: 'ann', roles: ['user'] }));
});

afterAll(async () => {
  await context?.close();
  await deleteKeys(prefix);
});

afterEach(() => jest.restoreAllMocks());

describe('JwtAuthGuard on the fast path', () => {
  it('answers true, not a promise, and creates no promise once the cache and the mirror answer', async () => {
    const first = http('me', accessToken);
    // A token never seen: verified with its signature, through a promise.
    await expect(guard.canActivate(first.context)).resolves.toBe(true);

    // The mirror answers while its heartbeat is fresh: on a busy machine it may just have gone
    // stale, which the sample taken must rule out (live afterwards means live during the call).
    const mirror = context.get<RevocationMirror>(Denylist);
    let sample: { result: boolean | Promise<boolean>; promises: number } | undefined;
    let again = http('me', accessToken);
    for (let attempt = 0; attempt < 20 && !sample; attempt++) {
      await within(2000, () => mirror.live);
      again = http('me', accessToken);
      const taken = promisesCreatedBy(() => guard.canActivate(again.context));
      if (mirror.live) sample = taken;
      else await taken.result;
    }
    expect(sample).toEqual({ result: true, promises: 0 });
    expect(again.request.user).toEqual({ sub: 'ann', sid: expect.any(String), roles: ['user'] });
    expect(again.request.authInfo).toMatchObject({ sub: 'ann', jti: expect.any(String) });
  });

  it('falls back to a promise when the mirror cannot answer, with the same result', async () => {
    const mirror = context.get<RevocationMirror>(Denylist);
    jest.spyOn(mirror, 'hasNow').mockReturnValue(undefined);
    const slow = http('me', accessToken);
    const result = guard.canActivate(slow.context);
    expect(result).toBeInstanceOf(Promise);
    await expect(result).resolves.toBe(true);
    expect(slow.request.user).toMatchObject({ sub: 'ann' });
  });

  it('answers @Public() at once, reading nothing of the request', () => {
    const open = http('open');
    expect(guard.canActivate(open.context)).toBe(true);
    expect(open.request.user).toBeUndefined();
  });

  it('enforces @Roles(): 403 forbidden', async () => {
    await expect(async () => guard.canActivate(http('admin', accessToken).context)).rejects.toThrow(
      expect.objectContaining({ code: 'forbidden' }),
    );
  });
});

describe('the decorators of a handler', () => {
  it('are read once per handler and class, not per request', async () => {
    const fresh = new JwtAuthGuard(reflector, context.get(JwtStrategy));
    const read = jest.spyOn(reflector, 'getAllAndOverride');
    for (let i = 0; i < 3; i++) await fresh.canActivate(http('me', accessToken).context);
    const perHandler = read.mock.calls.length;
    expect(perHandler).toBeGreaterThan(0);
    for (let i = 0; i < 3; i++) await fresh.canActivate(http('me', accessToken).context);
    expect(read.mock.calls.length).toBe(perHandler);
  });

  it('are read for each class that has the handler: the class decorators differ', () => {
    const fresh = new JwtAuthGuard(reflector, context.get(JwtStrategy));
    expect(() => fresh.canActivate(http('me', undefined, Controller).context)).toThrow(
      expect.objectContaining({ code: 'token_missing' }),
    );
    expect(fresh.canActivate(http('me', undefined, PublicController).context)).toBe(true);
    expect(() => fresh.canActivate(http('me', undefined, Controller).context)).toThrow(
      expect.objectContaining({ code: 'token_missing' }),
    );
  });

  it('keep @Roles() under @OptionalAuth(): a request without a token is refused', () => {
    expect(() => guard.canActivate(http('maybe', undefined).context)).toThrow(
      expect.objectContaining({ code: 'token_missing' }),
    );
  });
});
