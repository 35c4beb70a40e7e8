import { type CookieApp, setCookiesOf, startCookieApp, USER } from '../support/cookie-app.js';
import { HTTP_ADAPTER } from '../support/http-app.js';
import { rawRequest, type RawResponse } from '../support/raw-http.js';

const LOGIN_BODY = JSON.stringify({ username: USER.username, password: USER.password });
const JSON_HEADERS = { 'content-type': 'application/json', host: 'localhost' };

/**
 * The refresh cookie's Path is built from the routes the app registered (global prefix and
 * routePrefix included), never from the request line: a target the client wrote as it liked
 * neither fails the login after the session was made (a 5xx) nor sends the cookie elsewhere.
 */
describe(`the refresh cookie's Path (${HTTP_ADAPTER})`, () => {
  let app: CookieApp;
  beforeAll(async () => {
    app = await startCookieApp({ globalPrefix: 'api', routePrefix: 'account' });
    await app.app.listen(0, '127.0.0.1');
  });
  afterAll(() => app.close());

  const pathOf = (response: { headers: Record<string, unknown> }) =>
    setCookiesOf(response)
      .refresh_token?.attributes.find((attribute) => attribute.startsWith('path='))
      ?.slice('path='.length);

  /**
   * Login through `target`; asserts no 5xx, one new session and login event on success, and
   * nothing changed on a refusal.
   */
  async function loginThrough(target: string): Promise<RawResponse> {
    const before = await app.sessionIds();
    app.events.length = 0;
    const response = await rawRequest(app.app, 'POST', target, JSON_HEADERS, LOGIN_BODY);
    expect(response.status).toBeLessThan(500);
    if (response.status === 200) {
      expect(await app.sessionIds()).toHaveLength(before.length + 1);
      expect(app.events.map((event) => event.name)).toEqual(['auth.login']);
    } else {
      expect(response.headers['set-cookie']).toBeUndefined();
      expect(await app.sessionIds()).toEqual(before);
      expect(app.events).toEqual([]);
    }
    return response;
  }

  it('is the refresh route under the global prefix and routePrefix', async () => {
    const response = await loginThrough('/api/account/login');
    expect(response.status).toBe(200);
    expect(pathOf(response)).toBe('/api/account/refresh');
  });

  it('ignores a fragment with a semicolon in the request target', async () => {
    const response = await loginThrough('/api/account/login#;/x');
    expect(response.status).toBe(200);
    expect(pathOf(response)).toBe('/api/account/refresh');
  });

  it('never names the host of an absolute-form target', async () => {
    const response = await loginThrough('http://other.example/api/account/login');
    if (response.status === 200) expect(pathOf(response)).toBe('/api/account/refresh');
    expect(JSON.stringify(response.headers)).not.toContain('other.example');
  });

  it.each(['/api/account/login?next=;/x', '/api/account/login/', '/api/account//login'])(
    'answers %s without a 5xx, the cookie on the refresh route',
    async (target) => {
      const response = await loginThrough(target);
      if (response.status === 200) expect(pathOf(response)).toBe('/api/account/refresh');
    },
  );

  it('clears the refresh cookie on the same path at logout, whatever the target', async () => {
    const login = await loginThrough('/api/account/login');
    const cookies = setCookiesOf(login);
    const response = await rawRequest(
      app.app,
      'POST',
      '/api/account/logout#;/x',
      {
        ...JSON_HEADERS,
        origin: 'http://localhost',
        cookie: Object.entries(cookies)
          .map(([name, { value }]) => `${name}=${value}`)
          .join('; '),
        'x-csrf-token': cookies.csrf_token.value,
      },
      '{}',
    );
    expect(response.status).toBe(204);
    expect(pathOf(response)).toBe('/api/account/refresh');
    expect(setCookiesOf(response).refresh_token.attributes).toContain('max-age=0');
  });
});
