import { AuthException } from '../errors/auth.exception.js';
import { assertCsrfSafe, CSRF_HEADER } from './csrf.js';
import { type HttpRequest } from '../request/http-request.js';

const CSRF_COOKIE = 'csrf_token';
const TOKEN = 'Zm9vYmFyLWNzcmYtdG9rZW4tdmFsdWUtMDEyMzQ1Njc4OTA';
const HOST = 'api.example.com';
const TRUSTED = ['https://app.example.com'];

/** A same-origin cookie-authenticated POST with a matching CSRF token, plus `headers`. */
function request(
  headers: Record<string, string | string[] | undefined> = {},
  method = 'POST',
): HttpRequest {
  const all: Record<string, string | string[] | undefined> = {
    host: HOST,
    origin: `https://${HOST}`,
    cookie: `access_token=a; ${CSRF_COOKIE}=${TOKEN}`,
    [CSRF_HEADER]: TOKEN,
    ...headers,
  };
  for (const name of Object.keys(all)) if (all[name] === undefined) delete all[name];
  return { method, headers: all };
}

/** The exception `fn` throws, failing the test when it throws none or another kind. */
function thrown(fn: () => unknown): AuthException {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(AuthException);
    return error as AuthException;
  }
  throw new Error('expected an AuthException, nothing was thrown');
}

function expectCsrfFailed(req: HttpRequest, trusted: readonly string[] = TRUSTED): void {
  const error = thrown(() => assertCsrfSafe(req, CSRF_COOKIE, trusted));
  expect(error.code).toBe('csrf_failed');
  expect(error.getStatus()).toBe(403);
  expect(error.getResponse()).toMatchObject({ statusCode: 403, code: 'csrf_failed' });
}

describe('assertCsrfSafe', () => {
  it.each(['GET', 'HEAD', 'OPTIONS', 'get'])('lets a bare %s request through', (method) => {
    expect(assertCsrfSafe({ method, headers: {} }, CSRF_COOKIE, [])).toBeUndefined();
  });

  it.each(['POST', 'PUT', 'PATCH', 'DELETE'])(
    'lets a same-origin %s with a matching token through',
    (method) => {
      expect(assertCsrfSafe(request({}, method), CSRF_COOKIE, TRUSTED)).toBeUndefined();
    },
  );

  it.each(['POST', 'PUT', 'PATCH', 'DELETE'])('refuses a bare %s request', (method) => {
    expectCsrfFailed({ method, headers: {} });
  });

  it("treats the lowercase method 'post' as unsafe", () => {
    expectCsrfFailed({ method: 'post', headers: { host: HOST } });
    expectCsrfFailed(request({ [CSRF_HEADER]: 'wrong' }, 'post'));
    expect(assertCsrfSafe(request({}, 'post'), CSRF_COOKIE, TRUSTED)).toBeUndefined();
  });

  describe('origin', () => {
    it('accepts an Origin of the same host as the Host header', () => {
      expect(
        assertCsrfSafe(request({ origin: `https://${HOST}` }), CSRF_COOKIE, []),
      ).toBeUndefined();
    });

    it('accepts a same-host Origin with a port when the Host header has it', () => {
      const req = request({ host: 'localhost:3000', origin: 'http://localhost:3000' });
      expect(assertCsrfSafe(req, CSRF_COOKIE, [])).toBeUndefined();
    });

    it('refuses a same-host Origin on another port', () => {
      expectCsrfFailed(request({ host: 'localhost:3000', origin: 'http://localhost:5173' }), []);
    });

    it('accepts an Origin listed in trustedOrigins', () => {
      const req = request({ origin: 'https://app.example.com' });
      expect(assertCsrfSafe(req, CSRF_COOKIE, TRUSTED)).toBeUndefined();
    });

    it('refuses an Origin that only starts like a trusted one', () => {
      expectCsrfFailed(request({ origin: 'https://app.example.com.evil.io' }));
    });

    it('refuses the http:// Origin when only the https:// one is trusted', () => {
      expectCsrfFailed(request({ origin: 'http://app.example.com' }));
    });

    it('refuses a foreign Origin', () => {
      expectCsrfFailed(request({ origin: 'https://evil.io' }));
    });

    it('refuses a trusted origin when trustedOrigins is empty', () => {
      expectCsrfFailed(request({ origin: 'https://app.example.com' }), []);
    });

    it('without a Host header, accepts only an Origin listed in trustedOrigins', () => {
      expectCsrfFailed(request({ host: undefined, origin: `https://${HOST}` }));
      expect(
        assertCsrfSafe(
          request({ host: undefined, origin: 'https://app.example.com' }),
          CSRF_COOKIE,
          TRUSTED,
        ),
      ).toBeUndefined();
    });

    it('judges by the Origin, not the Referer, when both are sent', () => {
      expectCsrfFailed(request({ origin: 'https://evil.io', referer: `https://${HOST}/page` }));
    });
  });

  describe('referer', () => {
    it('accepts a same-host Referer when there is no Origin', () => {
      const req = request({ origin: undefined, referer: `https://${HOST}/some/page?x=1` });
      expect(assertCsrfSafe(req, CSRF_COOKIE, [])).toBeUndefined();
    });

    it('accepts a Referer whose origin is trusted', () => {
      const req = request({ origin: undefined, referer: 'https://app.example.com/dashboard' });
      expect(assertCsrfSafe(req, CSRF_COOKIE, TRUSTED)).toBeUndefined();
    });

    it('refuses a Referer on a look-alike host', () => {
      expectCsrfFailed(request({ origin: undefined, referer: 'https://app.example.com.evil.io/' }));
    });

    it('refuses an http:// Referer when only the https:// origin is trusted', () => {
      expectCsrfFailed(request({ origin: undefined, referer: 'http://app.example.com/x' }));
    });

    it('refuses a foreign Referer', () => {
      expectCsrfFailed(request({ origin: undefined, referer: 'https://evil.io/attack' }));
    });

    it('uses the Referer when the Origin cannot be parsed', () => {
      const req = request({ origin: 'null', referer: `https://${HOST}/page` });
      expect(assertCsrfSafe(req, CSRF_COOKIE, [])).toBeUndefined();
      expectCsrfFailed(request({ origin: 'null', referer: 'https://evil.io/' }));
    });
  });

  it('refuses a request with neither Origin nor Referer', () => {
    expectCsrfFailed(request({ origin: undefined, referer: undefined }));
  });

  it('refuses an unparsable Origin without a Referer', () => {
    expectCsrfFailed(request({ origin: 'null' }));
    expectCsrfFailed(request({ origin: 'not a url' }));
  });

  describe('double submit', () => {
    it('refuses a wrong X-CSRF-Token', () => {
      expectCsrfFailed(request({ [CSRF_HEADER]: TOKEN.slice(0, -1) + 'X' }));
    });

    it('refuses a missing X-CSRF-Token header', () => {
      expectCsrfFailed(request({ [CSRF_HEADER]: undefined }));
    });

    it('refuses an empty X-CSRF-Token header with an empty cookie', () => {
      expectCsrfFailed(request({ [CSRF_HEADER]: '', cookie: `${CSRF_COOKIE}=` }));
    });

    it('refuses when the CSRF cookie is missing', () => {
      expectCsrfFailed(request({ cookie: 'access_token=a' }));
    });

    it('refuses when there is no Cookie header at all', () => {
      expectCsrfFailed(request({ cookie: undefined }));
    });

    it('refuses a token of a different length without throwing anything else', () => {
      expectCsrfFailed(request({ [CSRF_HEADER]: `${TOKEN}extra` }));
      expectCsrfFailed(request({ [CSRF_HEADER]: 'x' }));
    });

    it('reads the cookie named by csrfCookie', () => {
      const req = request({ cookie: `${CSRF_COOKIE}=other; xsrf=${TOKEN}` });
      expect(assertCsrfSafe(req, 'xsrf', [])).toBeUndefined();
      expect(() => assertCsrfSafe(req, CSRF_COOKIE, [])).toThrow(AuthException);
    });

    it('compares a URL-encoded cookie with its decoded value', () => {
      const req = request({ cookie: `${CSRF_COOKIE}=a%2Bb`, [CSRF_HEADER]: 'a+b' });
      expect(assertCsrfSafe(req, CSRF_COOKIE, [])).toBeUndefined();
    });
  });

  it('says what failed in the message', () => {
    const noOrigin = thrown(() =>
      assertCsrfSafe(request({ origin: undefined }), CSRF_COOKIE, TRUSTED),
    );
    expect(noOrigin.message).toMatch(/no Origin or Referer/);
    const foreign = thrown(() =>
      assertCsrfSafe(request({ origin: 'https://evil.io' }), CSRF_COOKIE, TRUSTED),
    );
    expect(foreign.message).toMatch(/untrusted origin \(https:\/\/evil\.io\)/);
    const mismatch = thrown(() =>
      assertCsrfSafe(request({ [CSRF_HEADER]: 'nope' }), CSRF_COOKIE, TRUSTED),
    );
    expect(mismatch.message).toMatch(/x-csrf-token header does not match the csrf_token cookie/);
  });
});
