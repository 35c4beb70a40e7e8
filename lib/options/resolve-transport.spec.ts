import { createHmac, type KeyObject } from 'node:crypto';
import { type TransportOptions } from './transport-options.interface.js';
import { resolveTransport } from './resolve-transport.js';

const SECRET = 'the-signing-secret-0123456789-abcdefghijklmnop';

/** Module options made of `overrides` only: resolveTransport reads nothing else. */
function options(overrides: Record<string, unknown> = {}): TransportOptions {
  return { secret: SECRET, ...overrides } as TransportOptions;
}

/** Options with cookies enabled and `cookies` as given. */
function withCookies(cookies: Record<string, unknown>): TransportOptions {
  return options({ tokenLookup: ['header', 'cookie'], cookies });
}

describe('resolveTransport', () => {
  it('applies the defaults', () => {
    expect(resolveTransport(options())).toEqual({
      lookup: ['header'],
      queryParameter: 'access_token',
      cookies: null,
      trustedOrigins: [],
      csrfKey: null,
    });
  });

  it("gives the cookie defaults with ['header', 'cookie']: __Host- names, no tokens in bodies", () => {
    const resolved = resolveTransport(options({ tokenLookup: ['header', 'cookie'] }));
    expect(resolved.lookup).toEqual(['header', 'cookie']);
    expect(resolved.cookies).toEqual({
      accessTokenName: '__Host-access_token',
      refreshTokenName: 'refresh_token',
      csrfTokenName: '__Host-csrf_token',
      secure: true,
      sameSite: 'lax',
      omitTokensFromBody: true,
    });
  });

  it('puts the tokens back in bodies with omitTokensFromBody: false', () => {
    expect(
      resolveTransport(withCookies({ omitTokensFromBody: false })).cookies?.omitTokensFromBody,
    ).toBe(false);
  });

  describe('the __Host- prefix', () => {
    it('is added to configured names too, once', () => {
      const names = resolveTransport(
        withCookies({ accessTokenName: 'at', csrfTokenName: '__Host-xsrf' }),
      ).cookies;
      expect(names).toMatchObject({ accessTokenName: '__Host-at', csrfTokenName: '__Host-xsrf' });
    });

    it('is left out without Secure, or with a Domain (browsers refuse such __Host- cookies)', () => {
      for (const cookies of [{ secure: false }, { domain: 'example.com' }]) {
        expect(resolveTransport(withCookies(cookies)).cookies).toMatchObject({
          accessTokenName: 'access_token',
          csrfTokenName: 'csrf_token',
        });
      }
    });

    it('is never given to the refresh cookie, whose Path is its route', () => {
      expect(resolveTransport(withCookies({})).cookies?.refreshTokenName).toBe('refresh_token');
    });
  });

  describe('the CSRF key', () => {
    const hmac = (key: KeyObject | null) => createHmac('sha256', key!).update('sid').digest('hex');

    it('is derived from secret: the same for the same secret, not the secret itself', () => {
      const key = resolveTransport(withCookies({})).csrfKey;
      expect(hmac(key)).toBe(hmac(resolveTransport(withCookies({})).csrfKey));
      expect(key!.export().toString()).not.toContain(SECRET);
      const other = resolveTransport({ ...withCookies({}), secret: `${SECRET}-2` }).csrfKey;
      expect(hmac(other)).not.toBe(hmac(key));
    });

    it('comes from csrf.secret when given, instead of secret', () => {
      const csrf = { secret: 'c'.repeat(32) };
      const fromOption = resolveTransport({ ...withCookies({}), csrf }).csrfKey;
      expect(hmac(fromOption)).not.toBe(hmac(resolveTransport(withCookies({})).csrfKey));
      const noSecret = { tokenLookup: ['cookie'], csrf } as TransportOptions;
      expect(hmac(resolveTransport(noSecret).csrfKey)).toBe(hmac(fromOption));
    });

    it('is required as csrf.secret when there is no secret (keys or jwksUrl)', () => {
      expect(() => resolveTransport({ tokenLookup: ['cookie'] } as TransportOptions)).toThrow(
        /^nest-jwt-auth: cookies need csrf\.secret when tokens are signed with 'keys'/,
      );
    });

    it('is not needed without cookies', () => {
      expect(resolveTransport({ tokenLookup: ['header'] } as TransportOptions).csrfKey).toBeNull();
    });

    it.each([['short'], [42], [Buffer.alloc(31)]])('refuses csrf.secret %p', (secret) => {
      expect(() =>
        resolveTransport({ ...withCookies({}), csrf: { secret: secret as string } }),
      ).toThrow(/^nest-jwt-auth: csrf\.secret must be a string or Buffer of at least 32 bytes\./);
    });
  });

  it("keeps cookies null without 'cookie' in tokenLookup, even when cookies are given", () => {
    const resolved = resolveTransport(
      options({ tokenLookup: ['header', 'query'], cookies: { accessTokenName: 'at' } }),
    );
    expect(resolved.cookies).toBeNull();
    expect(resolved.lookup).toEqual(['header', 'query']);
  });

  it('keeps the order of tokenLookup', () => {
    expect(
      resolveTransport(options({ tokenLookup: ['query', 'cookie', 'header'] })).lookup,
    ).toEqual(['query', 'cookie', 'header']);
  });

  it('keeps the given cookie options', () => {
    const resolved = resolveTransport(
      withCookies({
        accessTokenName: 'at',
        refreshTokenName: 'rt',
        csrfTokenName: 'XSRF-TOKEN',
        domain: 'example.com',
        secure: false,
        sameSite: 'strict',
        omitTokensFromBody: true,
      }),
    );
    expect(resolved.cookies).toEqual({
      accessTokenName: 'at',
      refreshTokenName: 'rt',
      csrfTokenName: 'XSRF-TOKEN',
      domain: 'example.com',
      secure: false,
      sameSite: 'strict',
      omitTokensFromBody: true,
    });
  });

  it("accepts sameSite 'none' with secure cookies", () => {
    expect(resolveTransport(withCookies({ sameSite: 'none' })).cookies).toMatchObject({
      sameSite: 'none',
      secure: true,
    });
  });

  it('keeps a custom tokenQueryParameter', () => {
    expect(resolveTransport(options({ tokenQueryParameter: 'token' })).queryParameter).toBe(
      'token',
    );
  });

  it('accepts trusted origins with a scheme, a host and an optional port', () => {
    const trustedOrigins = ['https://app.example.com', 'http://localhost:5173'];
    expect(resolveTransport(options({ csrf: { trustedOrigins } })).trustedOrigins).toEqual(
      trustedOrigins,
    );
  });

  it('accepts an empty csrf section', () => {
    expect(resolveTransport(options({ csrf: {} })).trustedOrigins).toEqual([]);
  });

  describe('refuses', () => {
    it.each([
      ['an empty tokenLookup', []],
      ['a repeated source', ['header', 'header']],
      ['an unknown source', ['body']],
      ['a known source next to an unknown one', ['header', 'Cookie']],
      ['a string instead of a list', 'header'],
      ['null', null],
    ])('%s', (_case, tokenLookup) => {
      expect(() => resolveTransport(options({ tokenLookup }))).toThrow(
        /^nest-jwt-auth: tokenLookup .* is not understood\. .*'header', 'cookie', 'query' and 'apiKey'/,
      );
    });

    it.each([
      ['accessTokenName', 'access token'],
      ['refreshTokenName', 'refresh;token'],
      ['csrfTokenName', 'csrf=token'],
      ['accessTokenName', ''],
      ['csrfTokenName', 42],
    ])('cookie name %s %p', (name, value) => {
      expect(() => resolveTransport(withCookies({ [name]: value }))).toThrow(
        new RegExp(`^nest-jwt-auth: cookies\\.${name} .* is not a cookie name\\.`),
      );
    });

    it.each([
      [{ accessTokenName: 'refresh_token', secure: false }],
      [{ refreshTokenName: 'sid', csrfTokenName: 'sid', secure: false }],
      [{ csrfTokenName: 'access_token' }],
    ])('two equal cookie names %p', (cookies) => {
      expect(() => resolveTransport(withCookies(cookies))).toThrow(
        /^nest-jwt-auth: the three cookie names must differ\./,
      );
    });

    it.each(['Lax', 'STRICT', 'loose', ''])('sameSite %p', (sameSite) => {
      expect(() => resolveTransport(withCookies({ sameSite }))).toThrow(
        /^nest-jwt-auth: cookies\.sameSite .* is not understood\. Use 'lax', 'strict' or 'none'\./,
      );
    });

    it.each(['yes', 1, null])('omitTokensFromBody %p', (omitTokensFromBody) => {
      expect(() => resolveTransport(withCookies({ omitTokensFromBody }))).toThrow(
        /^nest-jwt-auth: cookies\.omitTokensFromBody must be true or false\./,
      );
    });

    it("sameSite 'none' with secure false", () => {
      expect(() => resolveTransport(withCookies({ sameSite: 'none', secure: false }))).toThrow(
        /^nest-jwt-auth: cookies\.sameSite 'none' needs secure cookies/,
      );
    });

    it.each([
      ['an origin without scheme', ['app.example.com']],
      ['an origin with a path', ['https://a.example/path']],
      ['an origin with a trailing slash', ['https://a.example/']],
      ['a string instead of a list', 'https://a.example'],
      ['a non-string entry', ['https://a.example', 42]],
    ])('trustedOrigins with %s', (_case, trustedOrigins) => {
      expect(() => resolveTransport(options({ csrf: { trustedOrigins } }))).toThrow(
        /^nest-jwt-auth: csrf\.trustedOrigins .* must be a list of origins\./,
      );
    });

    it.each(['', 42])('tokenQueryParameter %p', (tokenQueryParameter) => {
      expect(() => resolveTransport(options({ tokenQueryParameter }))).toThrow(
        /^nest-jwt-auth: tokenQueryParameter must be a non-empty string\./,
      );
    });
  });
});
