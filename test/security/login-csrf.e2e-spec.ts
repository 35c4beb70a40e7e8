import { type Response, type Test } from 'supertest';
import { expectAuthError } from '../support/expect-auth-error.js';
import {
  browserLogin,
  type CookieApp,
  SAME_ORIGIN,
  startCookieApp,
  USER,
} from '../support/cookie-app.js';
import { HTTP_ADAPTER } from '../support/http-app.js';
import { sidOf } from '../support/token-claims.js';

const CREDENTIALS = { username: USER.username, password: USER.password };
const EVIL = { Host: 'localhost', Origin: 'https://evil.example' };
const CSRF = 'x-csrf-token';

/**
 * Login CSRF in cookie mode: a page of another site must not sign a browser in (as the
 * attacker) by posting a form, or JSON, to login or refresh. Refused before anything changes.
 */
describe(`login CSRF in cookie mode (${HTTP_ADAPTER})`, () => {
  let app: CookieApp;
  beforeAll(async () => {
    app = await startCookieApp({ module: { csrf: { trustedOrigins: ['https://app.example'] } } });
  });
  afterAll(() => app.close());

  /** Asserts that nothing happened: no cookie, no new session, no event. */
  async function expectNothingChanged(response: Response, sessionsBefore: string[]) {
    expect(response.headers['set-cookie']).toBeUndefined();
    expect(await app.sessionIds()).toEqual(sessionsBefore);
    expect(app.events).toEqual([]);
  }

  beforeEach(() => {
    app.events.length = 0;
  });

  describe('forms a page of another site can send without asking: 415 unsupported_media_type', () => {
    it.each([
      ['application/x-www-form-urlencoded', (r: Test) => r.type('form').send(CREDENTIALS)],
      [
        'text/plain holding JSON',
        (r: Test) => r.set('Content-Type', 'text/plain').send(JSON.stringify(CREDENTIALS)),
      ],
      [
        'multipart/form-data',
        (r: Test) => r.field('username', USER.username).field('password', USER.password),
      ],
    ])('POST /auth/login as %s', async (_type, send) => {
      const before = await app.sessionIds();
      const response = await send(app.http().post('/auth/login').set(EVIL));
      expectAuthError(response, 415, 'unsupported_media_type');
      await expectNothingChanged(response, before);
    });

    it('the same form from our own origin, or with no origin at all', async () => {
      const before = await app.sessionIds();
      for (const headers of [SAME_ORIGIN, {}]) {
        const response = await app
          .http()
          .post('/auth/login')
          .set(headers)
          .type('form')
          .send(CREDENTIALS);
        expectAuthError(response, 415, 'unsupported_media_type');
        await expectNothingChanged(response, before);
      }
    });

    it('POST /auth/refresh with refreshToken in a form: the token is not spent', async () => {
      // Cookie mode keeps it out of the body: take it from the refresh cookie.
      const refreshToken = (await browserLogin(app)).cookies.refresh_token;
      app.events.length = 0;
      const before = await app.sessionIds();
      for (const send of [
        (r: Test) => r.type('form').send({ refreshToken }),
        (r: Test) => r.set('Content-Type', 'text/plain').send(JSON.stringify({ refreshToken })),
      ]) {
        const response = await send(app.http().post('/auth/refresh').set(EVIL));
        expectAuthError(response, 415, 'unsupported_media_type');
        await expectNothingChanged(response, before);
      }
      // Still the live token: a rotated one would now be refresh_token_reused.
      await app.http().post('/auth/refresh').send({ refreshToken }).expect(200);
    });

    it.each(['logout', 'logout-all'])('POST /auth/%s as a form or text/plain', async (route) => {
      const browser = await browserLogin(app);
      for (const type of ['form', 'text/plain']) {
        const response = await app
          .http()
          .post(`/auth/${route}`)
          .set(SAME_ORIGIN)
          .set('Cookie', browser.cookieHeader)
          .set(CSRF, browser.cookies.csrf_token)
          .type(type)
          .send(type === 'form' ? { a: '1' } : '{}');
        expectAuthError(response, 415, 'unsupported_media_type');
      }
      expect(await app.sessionIds()).toContain(sidOf(browser.cookies.access_token));
    });

    it('DELETE /auth/sessions/:id with a text/plain body; without a body it works', async () => {
      const browser = await browserLogin(app);
      const sid = sidOf(browser.cookies.access_token);
      const request = () =>
        app
          .http()
          .delete(`/auth/sessions/${sid}`)
          .set(SAME_ORIGIN)
          .set('Cookie', browser.cookieHeader)
          .set(CSRF, browser.cookies.csrf_token);
      expectAuthError(
        await request().set('Content-Type', 'text/plain').send('x'),
        415,
        'unsupported_media_type',
      );
      expect(await app.sessionIds()).toContain(sid);
      await request().expect(204);
      expect(await app.sessionIds()).not.toContain(sid);
    });

    it('takes application/json with a charset', async () => {
      await app
        .http()
        .post('/auth/login')
        .set(SAME_ORIGIN)
        .set('Content-Type', 'application/json; charset=utf-8')
        .send(JSON.stringify(CREDENTIALS))
        .expect(200);
    });
  });

  describe('JSON from a foreign origin (a page with a lax CORS policy): 403 csrf_failed', () => {
    it.each([
      ['a foreign Origin', EVIL],
      [
        'Origin: null (a sandboxed frame), even with our Referer',
        {
          Host: 'localhost',
          Origin: 'null',
          Referer: 'http://localhost/login',
        },
      ],
      ['a foreign Referer and no Origin', { Host: 'localhost', Referer: 'https://evil.example/x' }],
      ['our host over another scheme', { Host: 'localhost', Origin: 'https://localhost' }],
    ])('login with %s', async (_case, headers) => {
      const before = await app.sessionIds();
      const response = await app.http().post('/auth/login').set(headers).send(CREDENTIALS);
      expectAuthError(response, 403, 'csrf_failed');
      await expectNothingChanged(response, before);
    });

    it('refresh with the token in the body: refused, and the token is not spent', async () => {
      // Cookie mode keeps it out of the body: take it from the refresh cookie.
      const refreshToken = (await browserLogin(app)).cookies.refresh_token;
      app.events.length = 0;
      const before = await app.sessionIds();
      const response = await app.http().post('/auth/refresh').set(EVIL).send({ refreshToken });
      expectAuthError(response, 403, 'csrf_failed');
      await expectNothingChanged(response, before);
      await app.http().post('/auth/refresh').send({ refreshToken }).expect(200);
    });
  });

  describe('what still signs in', () => {
    it.each([
      ['our own page', SAME_ORIGIN],
      ['a trusted origin', { Host: 'localhost', Origin: 'https://app.example' }],
      ['our Referer without Origin', { Host: 'localhost', Referer: 'http://localhost/login' }],
      ['a client that is no browser (neither Origin nor Referer)', {}],
    ])('%s', async (_case, headers) => {
      const response = await app.http().post('/auth/login').set(headers).send(CREDENTIALS);
      expect(response.status).toBe(200);
      expect(response.headers['set-cookie']).toHaveLength(3);
      expect(app.events.map((event) => event.name)).toEqual(['auth.login']);
    });
  });
});
