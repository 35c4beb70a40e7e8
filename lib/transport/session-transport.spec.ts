import { jest } from '@jest/globals';
import { AuthException } from '../errors/auth.exception.js';
import { type TokenPair } from '../interfaces/token-pair.interface.js';
import { type ResolvedTransport } from './resolved-transport.js';
import { type ResolvedCookieOptions } from './auth-cookies.js';
import { CSRF_HEADER } from './csrf.js';
import { SessionTransport, type HttpResponse, type RouteRequest } from './session-transport.js';

const PAIR: TokenPair = {
  accessToken: 'access.jwt.value',
  refreshToken: 'refresh-token-value',
  tokenType: 'Bearer',
  expiresIn: 900,
  refreshExpiresIn: 604800,
};

const HOST = 'api.example.com';

const COOKIES: ResolvedCookieOptions = {
  accessTokenName: 'access_token',
  refreshTokenName: 'refresh_token',
  csrfTokenName: 'csrf_token',
  secure: true,
  sameSite: 'lax',
  omitTokensFromBody: false,
};

function transport(cookies: Partial<ResolvedCookieOptions> | null = null): SessionTransport {
  const resolved: ResolvedTransport = {
    lookup: cookies ? ['header', 'cookie'] : ['header'],
    queryParameter: 'access_token',
    cookies: cookies ? { ...COOKIES, ...cookies } : null,
    trustedOrigins: ['https://app.example.com'],
  };
  return new SessionTransport(resolved);
}

function response() {
  const header = jest.fn<(name: string, value: string[]) => unknown>();
  return { header } satisfies HttpResponse;
}

function route(overrides: Partial<RouteRequest> = {}): RouteRequest {
  return { method: 'POST', url: '/auth/login', headers: { host: HOST }, ...overrides };
}

/** A refresh request carrying the refresh cookie and, unless overridden, valid CSRF proof. */
function refreshRequest(headers: RouteRequest['headers'] = {}): RouteRequest {
  return route({
    url: '/auth/refresh',
    headers: {
      host: HOST,
      origin: `https://${HOST}`,
      cookie: 'refresh_token=from-cookie; csrf_token=csrf-value',
      [CSRF_HEADER]: 'csrf-value',
      ...headers,
    },
  });
}

/** The Set-Cookie values of the one call to `header`. */
function setCookies(res: ReturnType<typeof response>): string[] {
  expect(res.header).toHaveBeenCalledTimes(1);
  const [name, values] = res.header.mock.calls[0];
  expect(name).toBe('Set-Cookie');
  return values;
}

function pathOf(setCookie: string): string | undefined {
  return /; Path=([^;]*)/.exec(setCookie)?.[1];
}

function thrown(fn: () => unknown): AuthException {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(AuthException);
    return error as AuthException;
  }
  throw new Error('expected an AuthException, nothing was thrown');
}

describe('SessionTransport', () => {
  describe('deliver', () => {
    it('returns the pair unchanged and sets no header without cookies', () => {
      const res = response();
      const body = transport().deliver(route(), res, PAIR);
      expect(body).toBe(PAIR);
      expect(body).toEqual({ ...PAIR });
      expect(res.header).not.toHaveBeenCalled();
    });

    it('sets the three session cookies in one Set-Cookie call and returns the pair', () => {
      const res = response();
      const body = transport({}).deliver(route(), res, PAIR);
      expect(body).toEqual(PAIR);
      const values = setCookies(res);
      expect(values).toHaveLength(3);
      expect(values[0]).toMatch(/^access_token=access\.jwt\.value;/);
      expect(values[1]).toMatch(/^refresh_token=refresh-token-value;/);
      expect(values[2]).toMatch(/^csrf_token=[A-Za-z0-9_-]{43};/);
    });

    it('leaves the tokens out of the body with omitTokensFromBody', () => {
      const res = response();
      const body = transport({ omitTokensFromBody: true }).deliver(route(), res, PAIR);
      expect(body).toEqual({ tokenType: 'Bearer', expiresIn: 900, refreshExpiresIn: 604800 });
      expect(body).not.toHaveProperty('accessToken');
      expect(body).not.toHaveProperty('refreshToken');
      expect(setCookies(res)).toHaveLength(3);
      expect(PAIR.accessToken).toBe('access.jwt.value');
    });

    it.each([
      [{ url: '/auth/login' }, '/auth/refresh'],
      [{ url: '/auth/refresh' }, '/auth/refresh'],
      [{ url: '/auth/login?next=/home' }, '/auth/refresh'],
      [{ originalUrl: '/api/v1/auth/login?x=1', url: '/auth/login' }, '/api/v1/auth/refresh'],
      [{ originalUrl: '/api/v1/auth/refresh' }, '/api/v1/auth/refresh'],
    ])('sets the refresh cookie for %p on Path=%s', (urls, expected) => {
      const res = response();
      transport({}).deliver(route({ url: undefined, ...urls }), res, PAIR);
      const [access, refresh, csrf] = setCookies(res);
      expect(pathOf(refresh)).toBe(expected);
      expect(pathOf(access)).toBe('/');
      expect(pathOf(csrf)).toBe('/');
    });

    it('derives the refresh path from a login URL with a trailing slash', () => {
      // Express routes /auth/login/ to the login route too; the refresh route is /auth/refresh.
      const res = response();
      transport({}).deliver(route({ url: '/auth/login/' }), res, PAIR);
      expect(pathOf(setCookies(res)[1])).toBe('/auth/refresh');
    });
  });

  describe('clear', () => {
    it('sets the three cookies expired, the refresh one on the refresh path', () => {
      const res = response();
      transport({}).clear(route({ url: '/api/auth/logout' }), res);
      const values = setCookies(res);
      expect(values).toHaveLength(3);
      expect(values.map((value) => value.split('=')[0])).toEqual([
        'access_token',
        'refresh_token',
        'csrf_token',
      ]);
      for (const value of values) {
        expect(value).toMatch(/^[a-z_]+=;/);
        expect(value).toContain('Max-Age=0');
        expect(value).toContain('Expires=Thu, 01 Jan 1970 00:00:00 GMT');
      }
      expect(values.map(pathOf)).toEqual(['/', '/api/auth/refresh', '/']);
    });

    it('deletes the refresh cookie on the refresh path for a logout URL with a trailing slash', () => {
      // Express routes /auth/logout/ to the logout route too; the refresh cookie lives on /auth/refresh.
      const res = response();
      transport({}).clear(route({ url: '/auth/logout/' }), res);
      expect(pathOf(setCookies(res)[1])).toBe('/auth/refresh');
    });

    it('sets nothing without cookies', () => {
      const res = response();
      expect(transport().clear(route({ url: '/auth/logout' }), res)).toBeUndefined();
      expect(res.header).not.toHaveBeenCalled();
    });
  });

  describe('refreshTokenOf', () => {
    it('returns the body token without cookies configured', () => {
      expect(transport().refreshTokenOf(route(), 'from-body')).toBe('from-body');
    });

    it('prefers the body token over the refresh cookie, without a CSRF check', () => {
      const crossSite = refreshRequest({ origin: 'https://evil.io', [CSRF_HEADER]: undefined });
      expect(transport({}).refreshTokenOf(crossSite, 'from-body')).toBe('from-body');
    });

    it('uses the refresh cookie after a passing CSRF check', () => {
      expect(transport({}).refreshTokenOf(refreshRequest(), undefined)).toBe('from-cookie');
    });

    it('reads the configured refresh cookie name', () => {
      const req = refreshRequest({
        cookie: 'refresh_token=wrong; rt=right; csrf_token=csrf-value',
      });
      expect(transport({ refreshTokenName: 'rt' }).refreshTokenOf(req, undefined)).toBe('right');
    });

    it('refuses the refresh cookie of a cross-origin request with csrf_failed', () => {
      const error = thrown(() =>
        transport({}).refreshTokenOf(refreshRequest({ origin: 'https://evil.io' }), undefined),
      );
      expect(error.code).toBe('csrf_failed');
      expect(error.getStatus()).toBe(403);
    });

    it('refuses the refresh cookie without the X-CSRF-Token header with csrf_failed', () => {
      const error = thrown(() =>
        transport({}).refreshTokenOf(refreshRequest({ [CSRF_HEADER]: undefined }), undefined),
      );
      expect(error.code).toBe('csrf_failed');
    });

    it('accepts the refresh cookie from a trusted origin', () => {
      const req = refreshRequest({ origin: 'https://app.example.com' });
      expect(transport({}).refreshTokenOf(req, undefined)).toBe('from-cookie');
    });

    it('answers validation_failed (400) with cookies configured and neither token', () => {
      const error = thrown(() =>
        transport({}).refreshTokenOf(
          refreshRequest({ cookie: 'csrf_token=csrf-value' }),
          undefined,
        ),
      );
      expect(error.code).toBe('validation_failed');
      expect(error.getStatus()).toBe(400);
      expect(error.message).toMatch(/refresh cookie/);
    });

    it('answers validation_failed (400) for an empty refresh cookie', () => {
      const req = refreshRequest({ cookie: 'refresh_token=; csrf_token=csrf-value' });
      const error = thrown(() => transport({}).refreshTokenOf(req, undefined));
      expect(error.code).toBe('validation_failed');
      expect(error.getStatus()).toBe(400);
    });

    it('ignores the refresh cookie and answers validation_failed (400) without cookies configured', () => {
      const error = thrown(() => transport().refreshTokenOf(refreshRequest(), undefined));
      expect(error.code).toBe('validation_failed');
      expect(error.getStatus()).toBe(400);
      expect(error.message).toMatch(/refreshToken must be a non-empty string/);
    });
  });
});
