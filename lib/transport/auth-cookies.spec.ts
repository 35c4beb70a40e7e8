import { type TokenPair } from '../interfaces/token-pair.interface.js';
import { AuthCookies, type ResolvedCookieOptions } from './auth-cookies.js';

const PAIR: TokenPair = {
  accessToken: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbm4ifQ.c2lnbmF0dXJl',
  refreshToken: 'refresh.token-value_1',
  tokenType: 'Bearer',
  expiresIn: 900,
  refreshExpiresIn: 604800,
};

function options(overrides: Partial<ResolvedCookieOptions> = {}): ResolvedCookieOptions {
  return {
    accessTokenName: 'access_token',
    refreshTokenName: 'refresh_token',
    csrfTokenName: 'csrf_token',
    secure: true,
    sameSite: 'lax',
    omitTokensFromBody: false,
    ...overrides,
  };
}

interface ParsedCookie {
  name: string;
  value: string;
  /** Attribute names in lower case; flags map to `true`. */
  attributes: Record<string, string | true>;
}

/** Splits a Set-Cookie value into its name, value and attributes. */
function parse(setCookie: string): ParsedCookie {
  const [pair, ...rest] = setCookie.split('; ');
  const eq = pair.indexOf('=');
  const attributes: Record<string, string | true> = {};
  for (const part of rest) {
    const at = part.indexOf('=');
    if (at === -1) attributes[part.toLowerCase()] = true;
    else attributes[part.slice(0, at).toLowerCase()] = part.slice(at + 1);
  }
  return { name: pair.slice(0, eq), value: decodeURIComponent(pair.slice(eq + 1)), attributes };
}

const CSRF = 'Zm9vYmFyLWNzcmYtdG9rZW4tdmFsdWUtMDEyMzQ1Njc4OTA';

function forPair(overrides: Partial<ResolvedCookieOptions> = {}, path = '/api/auth/refresh') {
  const [access, refresh, csrf] = new AuthCookies(options(overrides)).forPair(PAIR, path, CSRF);
  return { access: parse(access), refresh: parse(refresh), csrf: parse(csrf) };
}

describe('AuthCookies', () => {
  describe('forPair', () => {
    it('returns three Set-Cookie values: access, refresh, csrf', () => {
      const values = new AuthCookies(options()).forPair(PAIR, '/api/auth/refresh', CSRF);
      expect(values).toHaveLength(3);
      expect(values.map((value) => parse(value).name)).toEqual([
        'access_token',
        'refresh_token',
        'csrf_token',
      ]);
    });

    it('sets the access cookie HttpOnly on Path=/ with SameSite=Lax by default', () => {
      const { access } = forPair();
      expect(access.value).toBe(PAIR.accessToken);
      expect(access.attributes).toMatchObject({ httponly: true, path: '/', samesite: 'Lax' });
    });

    it('keeps the access cookie as long as the session (Max-Age = refreshExpiresIn)', () => {
      const { access } = forPair();
      expect(access.attributes['max-age']).toBe(String(PAIR.refreshExpiresIn));
      expect(access.attributes['max-age']).not.toBe(String(PAIR.expiresIn));
    });

    it('sets the refresh cookie HttpOnly, SameSite=Strict, on the refresh path only', () => {
      const { refresh } = forPair();
      expect(refresh.value).toBe(PAIR.refreshToken);
      expect(refresh.attributes).toMatchObject({
        httponly: true,
        samesite: 'Strict',
        path: '/api/auth/refresh',
        'max-age': String(PAIR.refreshExpiresIn),
      });
    });

    it('keeps the refresh cookie Strict even when sameSite is none', () => {
      const { access, refresh, csrf } = forPair({ sameSite: 'none' });
      expect(refresh.attributes.samesite).toBe('Strict');
      expect(access.attributes.samesite).toBe('None');
      expect(csrf.attributes.samesite).toBe('None');
    });

    it('applies sameSite strict to the access and csrf cookies', () => {
      const { access, csrf } = forPair({ sameSite: 'strict' });
      expect(access.attributes.samesite).toBe('Strict');
      expect(csrf.attributes.samesite).toBe('Strict');
    });

    it('sets a csrf cookie scripts can read, on Path=/, for the session', () => {
      const { csrf } = forPair();
      expect(csrf.attributes.httponly).toBeUndefined();
      expect(csrf.attributes).toMatchObject({
        path: '/',
        samesite: 'Lax',
        'max-age': String(PAIR.refreshExpiresIn),
      });
    });

    it("gives the csrf cookie the session's CSRF token as it was handed in", () => {
      expect(forPair().csrf.value).toBe(CSRF);
    });

    it('marks all three Secure when secure is true', () => {
      const cookies = Object.values(forPair({ secure: true }));
      for (const cookie of cookies) expect(cookie.attributes.secure).toBe(true);
    });

    it('marks none Secure when secure is false', () => {
      const cookies = Object.values(forPair({ secure: false }));
      for (const cookie of cookies) expect(cookie.attributes.secure).toBeUndefined();
    });

    it('sets Domain on all three when a domain is configured', () => {
      const cookies = Object.values(forPair({ domain: 'example.com' }));
      for (const cookie of cookies) expect(cookie.attributes.domain).toBe('example.com');
    });

    it('sets no Domain when none is configured', () => {
      const cookies = Object.values(forPair());
      for (const cookie of cookies) expect(cookie.attributes.domain).toBeUndefined();
    });

    it('uses the configured cookie names', () => {
      const { access, refresh, csrf } = forPair({
        accessTokenName: 'at',
        refreshTokenName: 'rt',
        csrfTokenName: 'xsrf',
      });
      expect([access.name, refresh.name, csrf.name]).toEqual(['at', 'rt', 'xsrf']);
      expect(access.value).toBe(PAIR.accessToken);
      expect(refresh.value).toBe(PAIR.refreshToken);
    });
  });

  describe('cleared', () => {
    const cleared = new AuthCookies(options()).cleared('/x/refresh').map(parse);

    it('returns the three cookies, emptied', () => {
      expect(cleared.map(({ name, value }) => [name, value])).toEqual([
        ['access_token', ''],
        ['refresh_token', ''],
        ['csrf_token', ''],
      ]);
    });

    it('expires all three: Max-Age=0 and an Expires in 1970', () => {
      for (const cookie of cleared) {
        expect(cookie.attributes['max-age']).toBe('0');
        expect(cookie.attributes.expires).toBe('Thu, 01 Jan 1970 00:00:00 GMT');
      }
    });

    it('deletes each on the path it was set on', () => {
      expect(cleared.map((cookie) => cookie.attributes.path)).toEqual(['/', '/x/refresh', '/']);
    });

    it('keeps the attributes of the cookies it replaces', () => {
      const [access, refresh, csrf] = cleared;
      expect(access.attributes).toMatchObject({ httponly: true, secure: true, samesite: 'Lax' });
      expect(refresh.attributes).toMatchObject({ httponly: true, samesite: 'Strict' });
      expect(csrf.attributes.httponly).toBeUndefined();
    });

    it('uses the configured names and domain', () => {
      const custom = new AuthCookies(
        options({
          accessTokenName: 'at',
          refreshTokenName: 'rt',
          csrfTokenName: 'xsrf',
          domain: 'example.com',
        }),
      )
        .cleared('/r')
        .map(parse);
      expect(custom.map((cookie) => cookie.name)).toEqual(['at', 'rt', 'xsrf']);
      for (const cookie of custom) expect(cookie.attributes.domain).toBe('example.com');
    });
  });
});
