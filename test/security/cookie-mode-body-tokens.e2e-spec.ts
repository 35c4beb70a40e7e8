import {
  browserLogin,
  type CookieApp,
  SAME_ORIGIN,
  setCookiesOf,
  startCookieApp,
  USER,
} from '../support/cookie-app.js';
import { HTTP_ADAPTER } from '../support/http-app.js';

const CREDENTIALS = { username: USER.username, password: USER.password };

/**
 * With session cookies, the JSON bodies of login and refresh leave the tokens out by default:
 * a script on the page (an XSS) must not read a refresh token that lives for days.
 */
describe(`tokens in the body in cookie mode (${HTTP_ADAPTER})`, () => {
  describe('by default', () => {
    let app: CookieApp;
    beforeAll(async () => {
      app = await startCookieApp();
    });
    afterAll(() => app.close());

    it('login answers the lifetimes only; the tokens travel in HttpOnly cookies', async () => {
      const response = await app.http().post('/auth/login').set(SAME_ORIGIN).send(CREDENTIALS);
      expect(response.status).toBe(200);
      expect(response.body).toEqual({
        tokenType: 'Bearer',
        expiresIn: 900,
        refreshExpiresIn: 604800,
      });
      const cookies = setCookiesOf(response);
      expect(cookies.access_token.attributes).toContain('httponly');
      expect(cookies.refresh_token.attributes).toContain('httponly');
      expect(response.text).not.toContain(cookies.access_token.value);
      expect(response.text).not.toContain(cookies.refresh_token.value);
    });

    it('refresh answers the lifetimes only, for a refresh from the cookie or the body', async () => {
      const browser = await browserLogin(app);
      const fromCookie = await app
        .http()
        .post('/auth/refresh')
        .set(SAME_ORIGIN)
        .set('Cookie', browser.cookieHeader)
        .set('X-CSRF-Token', browser.cookies.csrf_token)
        .send({});
      expect(fromCookie.status).toBe(200);
      expect(fromCookie.body).toEqual({
        tokenType: 'Bearer',
        expiresIn: 900,
        refreshExpiresIn: expect.any(Number),
      });
      const rotated = setCookiesOf(fromCookie).refresh_token.value;
      const fromBody = await app.http().post('/auth/refresh').send({ refreshToken: rotated });
      expect(fromBody.status).toBe(200);
      expect(Object.keys(fromBody.body).sort()).toEqual([
        'expiresIn',
        'refreshExpiresIn',
        'tokenType',
      ]);
    });
  });

  it('puts them back with cookies.omitTokensFromBody: false', async () => {
    const app = await startCookieApp({
      module: { cookies: { secure: false, omitTokensFromBody: false } },
    });
    try {
      const response = await app.http().post('/auth/login').send(CREDENTIALS).expect(200);
      const cookies = setCookiesOf(response);
      expect(response.body).toEqual({
        accessToken: cookies.access_token.value,
        refreshToken: cookies.refresh_token.value,
        tokenType: 'Bearer',
        expiresIn: 900,
        refreshExpiresIn: 604800,
      });
    } finally {
      await app.close();
    }
  });

  it('keeps them in the body without cookies (tokenLookup without cookie): nothing else carries them', async () => {
    const app = await startCookieApp({ module: { tokenLookup: ['header'] } });
    try {
      const response = await app.http().post('/auth/login').send(CREDENTIALS).expect(200);
      expect(response.headers['set-cookie']).toBeUndefined();
      expect(response.body).toMatchObject({
        accessToken: expect.any(String),
        refreshToken: expect.any(String),
      });
    } finally {
      await app.close();
    }
  });
});
