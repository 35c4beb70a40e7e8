import { createSecretKey, randomBytes } from 'node:crypto';
import { jest } from '@jest/globals';
import { type TokenPair } from '../interfaces/token-pair.interface.js';
import { type HttpRequest } from '../request/http-request.js';
import { refreshTokenSessionId } from '../tokens/refresh-token.js';
import { type ResolvedTransport } from './resolved-transport.js';
import { type ResolvedCookieOptions } from './auth-cookies.js';
import { CSRF_HEADER, CsrfProtection } from './csrf.js';
import { SessionTransport, type HttpResponse } from './session-transport.js';
import { thrown } from '../../test/support/auth-errors.js';

const SID = '0b6f3c1e-5a8d-4e2f-9c7b-1d2e3f4a5b6c';
const OTHER_SID = '1c7a4d2f-6b9e-4f30-8d8c-2e3f4a5b6c7d';
const PAIR: TokenPair = {
  accessToken: 'access.jwt.value',
  refreshToken: `${SID}.${'r'.repeat(43)}`,
  tokenType: 'Bearer',
  expiresIn: 900,
  refreshExpiresIn: 604800,
};
const REFRESH_COOKIE = PAIR.refreshToken;

const HOST = 'api.example.com';
const KEY = createSecretKey(randomBytes(32));
const TRUSTED = ['https://app.example.com'];
/** The CSRF tokens the transport under test hands out and expects. */
const csrf = new CsrfProtection(KEY, TRUSTED);

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
    trustedOrigins: TRUSTED,
    csrfKey: cookies ? KEY : null,
  };
  return new SessionTransport(resolved, 'auth', refreshTokenSessionId);
}

function response() {
  const header = jest.fn<(name: string, value: string[]) => unknown>();
  return { header } satisfies HttpResponse;
}

type Headers = HttpRequest['headers'];

/** An Express request that matched `routePath`; `url` is the request line's target. */
function expressRequest(routePath: string, url = routePath, headers: Headers = {}): object {
  return {
    method: 'POST',
    url,
    originalUrl: url,
    baseUrl: '',
    route: { path: routePath },
    headers,
  };
}

/** A Fastify request that matched `routeUrl`. */
function fastifyRequest(routeUrl: string, url = routeUrl): object {
  return { method: 'POST', url, routeOptions: { url: routeUrl }, headers: {} };
}

/** A refresh request from the page: refresh cookie, same origin, the session's CSRF token. */
function refreshRequest(headers: Headers = {}): HttpRequest {
  const all: Headers = {
    host: HOST,
    origin: `https://${HOST}`,
    cookie: `refresh_token=${REFRESH_COOKIE}; csrf_token=whatever`,
    [CSRF_HEADER]: csrf.tokenFor(SID),
    ...headers,
  };
  for (const name of Object.keys(all)) if (all[name] === undefined) delete all[name];
  return { method: 'POST', headers: all, protocol: 'https' } as HttpRequest;
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

describe('SessionTransport', () => {
  describe('deliver', () => {
    it('returns the pair unchanged and sets no header without cookies', () => {
      const res = response();
      const body = transport().deliver(expressRequest('/auth/login'), res, PAIR);
      expect(body).toBe(PAIR);
      expect(res.header).not.toHaveBeenCalled();
    });

    it("sets the three cookies in one Set-Cookie call, the CSRF one bound to the pair's session", () => {
      const res = response();
      const body = transport({}).deliver(expressRequest('/auth/login'), res, PAIR);
      expect(body).toEqual(PAIR);
      const values = setCookies(res);
      expect(values).toHaveLength(3);
      expect(values[0]).toMatch(/^access_token=access\.jwt\.value;/);
      expect(values[1]).toMatch(new RegExp(`^refresh_token=${SID}\\.r{43};`));
      expect(values[2]).toMatch(new RegExp(`^csrf_token=${csrf.tokenFor(SID)};`));
    });

    it('leaves the tokens out of the body with omitTokensFromBody', () => {
      const res = response();
      const body = transport({ omitTokensFromBody: true }).deliver(
        expressRequest('/auth/login'),
        res,
        PAIR,
      );
      expect(body).toEqual({ tokenType: 'Bearer', expiresIn: 900, refreshExpiresIn: 604800 });
      expect(setCookies(res)).toHaveLength(3);
    });

    it.each([
      ['Express, the login route', expressRequest('/auth/login'), '/auth/refresh'],
      ['Express, a global prefix', expressRequest('/api/v1/auth/refresh'), '/api/v1/auth/refresh'],
      ['Express, a trailing slash', expressRequest('/auth/login', '/auth/login/'), '/auth/refresh'],
      [
        'Express, mounted under a parent app',
        { ...expressRequest('/auth/login'), baseUrl: '/api' },
        '/api/auth/refresh',
      ],
      ['Fastify, the login route', fastifyRequest('/api/auth/login'), '/api/auth/refresh'],
      ['no route pattern: the route prefix', { url: '/x/y', headers: {} }, '/auth/refresh'],
    ])('sets the refresh cookie on its route: %s', (_case, req, expected) => {
      const res = response();
      transport({}).deliver(req, res, PAIR);
      const [access, refresh, csrfCookie] = setCookies(res);
      expect(pathOf(refresh)).toBe(expected);
      expect(pathOf(access)).toBe('/');
      expect(pathOf(csrfCookie)).toBe('/');
    });

    it.each([
      ['a fragment with a semicolon', '/auth/login#;/x'],
      ['an absolute-form target', 'http://other.example/auth/login'],
      ['a query string', '/auth/login?next=/evil;x'],
      ['dot segments', '/auth/../evil/login'],
    ])('never takes the path from the request line: %s', (_case, target) => {
      for (const req of [
        expressRequest('/auth/login', target),
        fastifyRequest('/auth/login', target),
      ]) {
        const res = response();
        transport({}).deliver(req, res, PAIR);
        expect(pathOf(setCookies(res)[1])).toBe('/auth/refresh');
      }
    });
  });

  describe('clear', () => {
    it('sets the three cookies expired, the refresh one on the refresh path', () => {
      const res = response();
      transport({}).clear(fastifyRequest('/api/auth/logout'), res);
      const values = setCookies(res);
      expect(values.map((value) => value.split('=')[0])).toEqual([
        'access_token',
        'refresh_token',
        'csrf_token',
      ]);
      for (const value of values) expect(value).toContain('Max-Age=0');
      expect(values.map(pathOf)).toEqual(['/', '/api/auth/refresh', '/']);
    });

    it('deletes the refresh cookie on its path for logout-all too', () => {
      const res = response();
      transport({}).clear(expressRequest('/auth/logout-all'), res);
      expect(pathOf(setCookies(res)[1])).toBe('/auth/refresh');
    });

    it('sets nothing without cookies', () => {
      const res = response();
      expect(transport().clear(expressRequest('/auth/logout'), res)).toBeUndefined();
      expect(res.header).not.toHaveBeenCalled();
    });
  });

  describe('assertSignInOrigin', () => {
    it('refuses a foreign or null origin with cookies', () => {
      for (const origin of ['https://evil.io', 'null']) {
        const error = thrown(() => transport({}).assertSignInOrigin(refreshRequest({ origin })));
        expect(error.code).toBe('csrf_failed');
      }
    });

    it('lets a same-origin, trusted or header-less (not a browser) request through', () => {
      for (const origin of [`https://${HOST}`, 'https://app.example.com', undefined]) {
        expect(transport({}).assertSignInOrigin(refreshRequest({ origin }))).toBeUndefined();
      }
    });

    it('checks nothing without cookies: no session cookie can be set', () => {
      const crossSite = refreshRequest({ origin: 'https://evil.io' });
      expect(transport().assertSignInOrigin(crossSite)).toBeUndefined();
    });
  });

  describe('refreshTokenOf', () => {
    it('returns the body token, with or without cookies', () => {
      expect(transport().refreshTokenOf(refreshRequest(), 'from-body')).toBe('from-body');
      expect(transport({}).refreshTokenOf(refreshRequest(), 'from-body')).toBe('from-body');
    });

    it("uses the refresh cookie with the session's CSRF token, from our or a trusted origin", () => {
      expect(transport({}).refreshTokenOf(refreshRequest(), undefined)).toBe(REFRESH_COOKIE);
      const trusted = refreshRequest({ origin: 'https://app.example.com' });
      expect(transport({}).refreshTokenOf(trusted, undefined)).toBe(REFRESH_COOKIE);
    });

    it('reads the configured refresh cookie name', () => {
      const req = refreshRequest({ cookie: `refresh_token=wrong; rt=${REFRESH_COOKIE}` });
      expect(transport({ refreshTokenName: 'rt' }).refreshTokenOf(req, undefined)).toBe(
        REFRESH_COOKIE,
      );
    });

    it.each([
      ['a foreign origin', { origin: 'https://evil.io' }],
      ['Origin: null', { origin: 'null', referer: `https://${HOST}/` }],
      ['neither Origin nor Referer', { origin: undefined }],
      ['no X-CSRF-Token', { [CSRF_HEADER]: undefined }],
      ['the CSRF cookie echoed instead of the token', { [CSRF_HEADER]: 'whatever' }],
      ["another session's CSRF token", { [CSRF_HEADER]: csrf.tokenFor(OTHER_SID) }],
      ['a refresh cookie naming no session', { cookie: 'refresh_token=garbage' }],
    ])('refuses the refresh cookie with csrf_failed: %s', (_case, headers) => {
      const error = thrown(() => transport({}).refreshTokenOf(refreshRequest(headers), undefined));
      expect(error.code).toBe('csrf_failed');
      expect(error.getStatus()).toBe(403);
    });

    it('answers validation_failed (400) with cookies configured and neither token', () => {
      for (const cookie of ['csrf_token=x', 'refresh_token=; csrf_token=x']) {
        const error = thrown(() =>
          transport({}).refreshTokenOf(refreshRequest({ cookie }), undefined),
        );
        expect(error.code).toBe('validation_failed');
        expect(error.message).toMatch(/refresh cookie/);
      }
    });

    it('ignores the refresh cookie and answers validation_failed (400) without cookies configured', () => {
      const error = thrown(() => transport().refreshTokenOf(refreshRequest(), undefined));
      expect(error.code).toBe('validation_failed');
      expect(error.message).toMatch(/refreshToken must be a non-empty string/);
    });
  });
});
