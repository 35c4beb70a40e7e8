import { expectAuthError } from '../support/expect-auth-error.js';
import {
  browserLogin,
  type BrowserSession,
  type CookieApp,
  SAME_ORIGIN,
  setCookiesOf,
  startCookieApp,
  USER,
} from '../support/cookie-app.js';
import { HTTP_ADAPTER } from '../support/http-app.js';
import { sidOf } from '../support/token-claims.js';

const CSRF = 'X-CSRF-Token';

/**
 * The CSRF check of cookie-authenticated requests: `Origin: null` is foreign, the whole origin
 * (scheme, host, port) is compared, and the token is the HMAC of the session id, so a cookie
 * planted by a sibling subdomain (first in the Cookie header) proves nothing.
 */
describe(`CSRF hardening (${HTTP_ADAPTER})`, () => {
  let app: CookieApp;
  beforeAll(async () => {
    app = await startCookieApp();
  });
  afterAll(() => app.close());

  /** A cookie-authenticated POST of `browser` to `path`, from our page unless `headers` say. */
  const post = (browser: BrowserSession, path: string, headers: Record<string, string> = {}) =>
    app
      .http()
      .post(path)
      .set(SAME_ORIGIN)
      .set('Cookie', browser.cookieHeader)
      .set(CSRF, browser.cookies.csrf_token)
      .set(headers)
      .send({});

  const alive = async (browser: BrowserSession) =>
    (await app.sessionIds()).includes(sidOf(browser.cookies.access_token));

  describe('the origin', () => {
    it.each([
      ['Origin: null, even with our Referer', { Origin: 'null', Referer: 'http://localhost/page' }],
      ['our host over https (the server is reached over http)', { Origin: 'https://localhost' }],
      ['our host on another port', { Origin: 'http://localhost:8080' }],
      ['a sibling subdomain', { Origin: 'http://evil.localhost' }],
    ])('refuses %s: logout and refresh from the cookie', async (_case, headers) => {
      const browser = await browserLogin(app);
      expectAuthError(await post(browser, '/auth/logout', headers), 403, 'csrf_failed');
      expectAuthError(await post(browser, '/auth/refresh', headers), 403, 'csrf_failed');
      expect(await alive(browser)).toBe(true);
      // The refresh token was not spent: our own page still refreshes with it.
      await post(browser, '/auth/refresh').expect(200);
    });

    it('trusts X-Forwarded-Proto only when the app trusts its proxy', async () => {
      const behindProxy = { 'X-Forwarded-Proto': 'https', Origin: 'https://localhost' };
      const browser = await browserLogin(app);
      expectAuthError(await post(browser, '/auth/logout', behindProxy), 403, 'csrf_failed');

      const proxied = await startCookieApp({ trustProxy: true });
      try {
        const session = await browserLogin(proxied);
        await proxied
          .http()
          .post('/auth/logout')
          .set({ Host: 'localhost', ...behindProxy })
          .set('Cookie', session.cookieHeader)
          .set(CSRF, session.cookies.csrf_token)
          .send({})
          .expect(204);
      } finally {
        await proxied.close();
      }
    });
  });

  describe('the token is bound to the session', () => {
    it('a planted csrf cookie placed first does not win', async () => {
      const browser = await browserLogin(app);
      const planted = 'p'.repeat(43);
      const withPlanted = {
        ...browser,
        cookieHeader: `csrf_token=${planted}; ${browser.cookieHeader}`,
      };
      expectAuthError(
        await post(withPlanted, '/auth/logout', { [CSRF]: planted }),
        403,
        'csrf_failed',
      );
      expect(await alive(browser)).toBe(true);
      // The session's own token still works beside the planted cookie.
      await post(withPlanted, '/auth/logout').expect(204);
      expect(await alive(browser)).toBe(false);
    });

    it('the server never compares with the cookie: no csrf cookie at all is fine', async () => {
      const browser = await browserLogin(app);
      const withoutCsrfCookie = {
        ...browser,
        cookieHeader: `access_token=${browser.cookies.access_token}`,
      };
      await post(withoutCsrfCookie, '/auth/logout').expect(204);
    });

    it("refuses another session's CSRF token (the attacker's own)", async () => {
      const victim = await browserLogin(app);
      const attacker = await browserLogin(app);
      expect(attacker.cookies.csrf_token).not.toBe(victim.cookies.csrf_token);
      expectAuthError(
        await post(victim, '/auth/logout', { [CSRF]: attacker.cookies.csrf_token }),
        403,
        'csrf_failed',
      );
      expect(await alive(victim)).toBe(true);
    });

    it("a planted refresh cookie of the attacker's session placed first does not sign the victim in", async () => {
      const victim = await browserLogin(app);
      const attacker = await browserLogin(app);
      app.events.length = 0;
      const tossed = {
        ...victim,
        cookieHeader: `refresh_token=${attacker.cookies.refresh_token}; ${victim.cookieHeader}`,
      };
      const response = await post(tossed, '/auth/refresh');
      expectAuthError(response, 403, 'csrf_failed');
      expect(response.headers['set-cookie']).toBeUndefined();
      expect(app.events).toEqual([]);
      // Neither refresh token was spent.
      for (const browser of [attacker, victim]) {
        await post(browser, '/auth/refresh').expect(200);
      }
    });

    it('keeps the CSRF token across refreshes: it belongs to the session', async () => {
      const browser = await browserLogin(app);
      const refreshed = setCookiesOf(await post(browser, '/auth/refresh').expect(200));
      expect(refreshed.csrf_token.value).toBe(browser.cookies.csrf_token);
      expect(refreshed.access_token.value).not.toBe(browser.cookies.access_token);
    });
  });

  describe('with Secure cookies and no Domain: __Host- names', () => {
    let secure: CookieApp;
    beforeAll(async () => {
      secure = await startCookieApp({ module: { cookies: {} } });
    });
    afterAll(() => secure.close());

    it('sets __Host-access_token and __Host-csrf_token: Secure, Path=/, no Domain', async () => {
      const response = await secure
        .http()
        .post('/auth/login')
        .send({ username: USER.username, password: USER.password })
        .expect(200);
      const cookies = setCookiesOf(response);
      expect(Object.keys(cookies).sort()).toEqual([
        '__Host-access_token',
        '__Host-csrf_token',
        'refresh_token',
      ]);
      for (const cookie of Object.values(cookies)) {
        expect(cookie.attributes).toContain('secure');
        expect(cookie.attributes.some((attribute) => attribute.startsWith('domain='))).toBe(false);
      }
      expect(cookies['__Host-access_token'].attributes).toContain('path=/');
      expect(cookies['__Host-csrf_token'].attributes).toContain('path=/');
    });

    it('reads no unprefixed access cookie, which another host could have set', async () => {
      const session = await browserLogin(secure);
      const token = session.cookies['__Host-access_token'];
      await secure
        .http()
        .get('/auth/sessions')
        .set('Cookie', `__Host-access_token=${token}`)
        .expect(200);
      expectAuthError(
        await secure.http().get('/auth/sessions').set('Cookie', `access_token=${token}`),
        401,
        'token_missing',
      );
    });

    it('takes the __Host-csrf_token value as the CSRF token', async () => {
      const session = await browserLogin(secure);
      await secure
        .http()
        .post('/auth/logout')
        .set(SAME_ORIGIN)
        .set('Cookie', session.cookieHeader)
        .set(CSRF, session.cookies['__Host-csrf_token'])
        .send({})
        .expect(204);
    });

    it('keeps the plain names with a Domain, where __Host- cookies are refused', async () => {
      const shared = await startCookieApp({ module: { cookies: { domain: 'example.com' } } });
      try {
        const response = await shared
          .http()
          .post('/auth/login')
          .send({ username: USER.username, password: USER.password })
          .expect(200);
        expect(Object.keys(setCookiesOf(response)).sort()).toEqual([
          'access_token',
          'csrf_token',
          'refresh_token',
        ]);
      } finally {
        await shared.close();
      }
    });
  });
});
