import { expectAuthError } from './support/expect-auth-error.js';
import { type RunningSample, startSample } from './support/sample-app.js';

/** `name=value` pairs and attributes of the Set-Cookie headers of a response. */
function setCookies(response: { headers: Record<string, unknown> }) {
  const raw = response.headers['set-cookie'];
  const lines = (Array.isArray(raw) ? raw : raw ? [raw] : []) as string[];
  return Object.fromEntries(
    lines.map((line) => {
      const [pair, ...attributes] = line.split(';').map((part) => part.trim());
      const [name, ...value] = pair.split('=');
      return [name, { value: value.join('='), attributes: attributes.map((a) => a.toLowerCase()) }];
    }),
  );
}

/** A browser's cookie jar for the sample, reduced to what these tests need. */
class Browser {
  cookies: Record<string, string> = {};

  constructor(private readonly sample: RunningSample) {}

  get header(): string {
    return Object.entries(this.cookies)
      .map(([name, value]) => `${name}=${value}`)
      .join('; ');
  }

  keep(response: { headers: Record<string, unknown> }) {
    for (const [name, cookie] of Object.entries(setCookies(response))) {
      if (cookie.attributes.includes('max-age=0')) delete this.cookies[name];
      else this.cookies[name] = cookie.value;
    }
  }

  async login(username = 'alice', password = 'wonderland') {
    const response = await this.sample
      .http()
      .post('/auth/login')
      .send({ username, password })
      .expect(200);
    this.keep(response);
    return response;
  }

  /** An unsafe request from the sample's own page: same origin, CSRF token echoed. */
  post(path: string, extra: Record<string, string> = {}) {
    return this.sample
      .http()
      .post(path)
      .set('Cookie', this.header)
      .set('Origin', 'http://localhost')
      .set('Host', 'localhost')
      .set('X-CSRF-Token', this.cookies.csrf_token ?? '')
      .set(extra)
      .send({});
  }

  get(path: string) {
    return this.sample.http().get(path).set('Cookie', this.header);
  }
}

describe('browser sessions with cookies', () => {
  let sample: RunningSample;
  beforeAll(async () => {
    sample = await startSample({ accessTokenTtl: '2s' });
  });
  afterAll(() => sample.close());

  it('sets the three session cookies with the documented flags at login', async () => {
    const cookies = setCookies(await new Browser(sample).login());
    expect(Object.keys(cookies).sort()).toEqual(['access_token', 'csrf_token', 'refresh_token']);
    expect(cookies.access_token.attributes).toEqual(
      expect.arrayContaining(['httponly', 'path=/', 'samesite=lax']),
    );
    expect(cookies.refresh_token.attributes).toEqual(
      expect.arrayContaining(['httponly', 'path=/auth/refresh', 'samesite=strict']),
    );
    expect(cookies.csrf_token.attributes).not.toContain('httponly');
    expect(cookies.csrf_token.value).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // The sample runs without NODE_ENV=production, where it drops Secure for http://localhost.
    expect(cookies.access_token.attributes).not.toContain('secure');
  });

  it('authenticates GET requests by the access cookie alone', async () => {
    const browser = new Browser(sample);
    await browser.login('bob', 'builder');
    expect((await browser.get('/me').expect(200)).body.sub).toBe('user-2');
  });

  it('refreshes from the refresh cookie: rotates both tokens, keeps the CSRF token of the session', async () => {
    const browser = new Browser(sample);
    await browser.login();
    const before = { ...browser.cookies };
    const response = await browser.post('/auth/refresh').expect(200);
    browser.keep(response);
    expect(response.body.expiresIn).toBe(2);
    for (const name of ['access_token', 'refresh_token']) {
      expect(browser.cookies[name]).not.toBe(before[name]);
    }
    expect(browser.cookies.csrf_token).toBe(before.csrf_token);
    await browser.get('/me').expect(200);
  });

  it('answers an expired cookie token with token_expired, so the page knows to refresh', async () => {
    const browser = new Browser(sample);
    await browser.login();
    await new Promise((resolve) => setTimeout(resolve, 2100));
    expectAuthError(await browser.get('/me'), 401, 'token_expired');
    browser.keep(await browser.post('/auth/refresh').expect(200));
    await browser.get('/me').expect(200);
  });

  it('clears the cookies at logout, after which the old access cookie is refused', async () => {
    const browser = new Browser(sample);
    await browser.login();
    const oldCookies = browser.header;
    const response = await browser.post('/auth/logout').expect(204);
    const cleared = setCookies(response);
    for (const name of ['access_token', 'refresh_token', 'csrf_token']) {
      expect(cleared[name].attributes).toContain('max-age=0');
    }
    expect(cleared.refresh_token.attributes).toContain('path=/auth/refresh');
    expectAuthError(await sample.http().get('/me').set('Cookie', oldCookies), 401, 'token_revoked');
  });

  describe('CSRF refusals: 403 csrf_failed', () => {
    let browser: Browser;
    beforeEach(async () => {
      browser = new Browser(sample);
      await browser.login();
    });

    it('without the X-CSRF-Token header', async () => {
      const response = await sample
        .http()
        .post('/auth/logout')
        .set('Cookie', browser.header)
        .set('Origin', 'http://localhost')
        .set('Host', 'localhost')
        .send({});
      expectAuthError(response, 403, 'csrf_failed');
    });

    it('with a wrong token', async () => {
      expectAuthError(
        await browser.post('/auth/logout', { 'X-CSRF-Token': 'x'.repeat(43) }),
        403,
        'csrf_failed',
      );
    });

    it('from a foreign Origin, even with the right token', async () => {
      expectAuthError(
        await browser.post('/auth/logout', { Origin: 'https://evil.example' }),
        403,
        'csrf_failed',
      );
      expectAuthError(
        await browser.post('/auth/refresh', { Origin: 'https://evil.example' }),
        403,
        'csrf_failed',
      );
    });

    it('without Origin or Referer', async () => {
      const response = await sample
        .http()
        .post('/auth/logout')
        .set('Cookie', browser.header)
        .set('X-CSRF-Token', browser.cookies.csrf_token)
        .send({});
      expectAuthError(response, 403, 'csrf_failed');
    });

    it('and none of it refuses the session: the same browser still works', async () => {
      await browser.post('/auth/logout', { Origin: 'https://evil.example' });
      await browser.get('/me').expect(200);
      await browser.post('/auth/logout', { Referer: 'http://localhost/page' }).expect(204);
    });
  });

  it('needs no CSRF token when the access token comes in the Authorization header', async () => {
    const response = await new Browser(sample).login();
    await sample
      .http()
      .post('/auth/logout')
      .set('Authorization', `Bearer ${response.body.accessToken}`)
      .set('Origin', 'https://evil.example')
      .send({})
      .expect(204);
  });

  it('serves the demo page at /', async () => {
    const response = await sample.http().get('/').expect(200);
    expect(response.headers['content-type']).toMatch(/text\/html/);
    expect(response.text).toContain('nest-jwt-auth demo');
  });
});
