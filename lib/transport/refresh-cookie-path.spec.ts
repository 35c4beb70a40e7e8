import { serialize } from 'cookie';
import { refreshCookiePath } from './refresh-cookie-path.js';

describe('refreshCookiePath', () => {
  it.each([
    ['/auth/login', '/auth/refresh'],
    ['/auth/refresh', '/auth/refresh'],
    ['/auth/logout-all', '/auth/refresh'],
    ['/api/v1/auth/login', '/api/v1/auth/refresh'],
    ['/v2/account/sign/logout', '/v2/account/sign/refresh'],
  ])('puts the refresh route next to %s: %s', (pattern, expected) => {
    expect(refreshCookiePath(pattern, 'unused')).toBe(expected);
  });

  it.each([
    ['/t/:tenant/auth/login', '/t'],
    ['/api/v1/:tenant/auth/login', '/api/v1'],
    ['/:tenant/auth/login', '/'],
    ['/api/{*rest}/auth/login', '/api'],
    ['/api/(a|b)/auth/login', '/api'],
  ])('widens a parameterised %s to its literal head %s', (pattern, expected) => {
    expect(refreshCookiePath(pattern, 'unused')).toBe(expected);
  });

  it('falls back to the route prefix without a pattern', () => {
    expect(refreshCookiePath(undefined, 'auth')).toBe('/auth/refresh');
    expect(refreshCookiePath(undefined, '/api/auth/')).toBe('/api/auth/refresh');
  });

  it.each(['/a;b/auth/login', '/a b/auth/login', '/a\u0000/auth/login', '/é/auth/login', '//'])(
    'always gives a path the cookie serializer accepts: %p',
    (pattern) => {
      const path = refreshCookiePath(pattern, 'auth');
      expect(path.startsWith('/')).toBe(true);
      expect(() => serialize('refresh_token', 'v', { path })).not.toThrow();
    },
  );
});
