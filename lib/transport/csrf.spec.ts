import { createSecretKey, randomBytes } from 'node:crypto';
import { type AuthException } from '../errors/auth.exception.js';
import { type HttpRequest } from '../request/http-request.js';
import { CSRF_HEADER, CsrfProtection, isSafeMethod } from './csrf.js';
import { thrown } from '../../test/support/auth-errors.js';

const HOST = 'api.example.com';
const TRUSTED = ['https://app.example.com'];
const SID = '0b6f3c1e-5a8d-4e2f-9c7b-1d2e3f4a5b6c';
const csrf = new CsrfProtection(createSecretKey(randomBytes(32)), TRUSTED);

type Headers = Record<string, string | string[] | undefined>;

/** A same-origin POST to https://api.example.com (as Express and Fastify describe it). */
function request(headers: Headers = {}, extra: Record<string, unknown> = {}): HttpRequest {
  const all: Headers = { host: HOST, origin: `https://${HOST}`, ...headers };
  for (const name of Object.keys(all)) if (all[name] === undefined) delete all[name];
  return { method: 'POST', headers: all, protocol: 'https', ...extra } as HttpRequest;
}

function expectCsrfFailed(fn: () => unknown): AuthException {
  const error = thrown(fn);
  expect(error.code).toBe('csrf_failed');
  expect(error.getStatus()).toBe(403);
  return error;
}

const originFails = (req: HttpRequest, required = true) =>
  expectCsrfFailed(() => csrf.assertOrigin(req, required));
const originPasses = (req: HttpRequest, required = true) =>
  expect(csrf.assertOrigin(req, required)).toBeUndefined();

describe('isSafeMethod', () => {
  it.each(['GET', 'HEAD', 'OPTIONS', 'get'])('counts %s as safe', (method) => {
    expect(isSafeMethod({ method, headers: {} })).toBe(true);
  });

  it.each(['POST', 'PUT', 'PATCH', 'DELETE', 'post'])('counts %s as unsafe', (method) => {
    expect(isSafeMethod({ method, headers: {} })).toBe(false);
  });

  it('counts a request that names no method as unsafe (fails closed)', () => {
    expect(isSafeMethod({ headers: {} })).toBe(false);
  });
});

describe('CsrfProtection', () => {
  describe('tokenFor', () => {
    it('gives 43 base64url characters (an HMAC-SHA256), the same for the same session', () => {
      expect(csrf.tokenFor(SID)).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(csrf.tokenFor(SID)).toBe(csrf.tokenFor(SID));
    });

    it('differs between sessions, and between keys', () => {
      expect(csrf.tokenFor(SID)).not.toBe(csrf.tokenFor(SID.replace('0b', '0c')));
      const otherKey = new CsrfProtection(createSecretKey(randomBytes(32)), TRUSTED);
      expect(otherKey.tokenFor(SID)).not.toBe(csrf.tokenFor(SID));
    });
  });

  describe('assertOrigin', () => {
    it("accepts the server's own origin: scheme, host and port", () => {
      originPasses(request());
      originPasses(
        request({ host: 'localhost:3000', origin: 'http://localhost:3000' }, { protocol: 'http' }),
      );
    });

    it('refuses the same host over another scheme', () => {
      originFails(request({ origin: `http://${HOST}` }));
      originFails(request({ origin: `https://${HOST}` }, { protocol: 'http' }));
    });

    it('takes a request without protocol for http', () => {
      originPasses(request({ origin: `http://${HOST}` }, { protocol: undefined }));
      originFails(request({ origin: `https://${HOST}` }, { protocol: undefined }));
    });

    it('refuses the same host on another port, and compares default ports as absent', () => {
      originFails(
        request({ host: 'localhost:3000', origin: 'http://localhost:5173' }, { protocol: 'http' }),
      );
      originPasses(request({ host: `${HOST}:443`, origin: `https://${HOST}` }));
      originPasses(request({ origin: `https://${HOST}:443` }));
    });

    it("prefers the framework's host (X-Forwarded-Host behind a trusted proxy) to the Host header", () => {
      const proxied = { host: 'public.example.com', protocol: 'https' };
      originPasses(
        request({ host: 'backend:8080', origin: 'https://public.example.com' }, proxied),
      );
      originFails(request({ host: 'backend:8080', origin: 'http://backend:8080' }, proxied));
    });

    it('accepts an origin listed in trustedOrigins, and nothing that only looks like it', () => {
      originPasses(request({ origin: 'https://app.example.com' }));
      originFails(request({ origin: 'http://app.example.com' }));
      originFails(request({ origin: 'https://app.example.com.evil.io' }));
      originFails(request({ origin: 'https://app.example.com:8443' }));
    });

    it('refuses a foreign origin', () => {
      originFails(request({ origin: 'https://evil.io' }));
      originFails(request({ origin: 'https://evil.io' }), false);
    });

    it('treats Origin: null as foreign, with no fallback to a good Referer', () => {
      originFails(request({ origin: 'null', referer: `https://${HOST}/page` }));
      originFails(request({ origin: 'null' }), false);
    });

    it('never trusts Origin: null, even when "null" is listed in trustedOrigins', () => {
      const listsNull = new CsrfProtection(createSecretKey(randomBytes(32)), ['null']);
      expectCsrfFailed(() => listsNull.assertOrigin(request({ origin: 'null' }), true));
    });

    it('refuses an Origin that is empty, garbage or opaque', () => {
      for (const origin of ['', 'not a url', 'data:text/html,x', 'file:///etc/passwd', 'null']) {
        expect(originFails(request({ origin }), false).message).toBe(
          'The request comes from an opaque or unreadable origin.',
        );
      }
    });

    it('judges by the Origin, not the Referer, when both are sent', () => {
      originFails(request({ origin: 'https://evil.io', referer: `https://${HOST}/page` }));
    });

    it('falls back to the Referer only when there is no Origin', () => {
      originPasses(request({ origin: undefined, referer: `https://${HOST}/some/page?x=1` }));
      originPasses(request({ origin: undefined, referer: 'https://app.example.com/dashboard' }));
      originFails(request({ origin: undefined, referer: 'https://evil.io/attack' }));
      originFails(request({ origin: undefined, referer: `http://${HOST}/page` }));
      originFails(request({ origin: undefined, referer: 'garbage' }), false);
    });

    it('refuses a request with neither Origin nor Referer when required, lets it through otherwise', () => {
      const bare = request({ origin: undefined });
      expect(originFails(bare).message).toMatch(/no Origin or Referer/);
      originPasses(bare, false);
    });

    it.each(['evil.io/x', 'user@evil.io', 'a b', ''])(
      'knows no own origin from the Host header %p: only trusted origins pass',
      (host) => {
        originFails(request({ host, origin: `https://${host}` }));
        originPasses(request({ host, origin: 'https://app.example.com' }));
      },
    );

    it('names the untrusted origin in the message', () => {
      expect(originFails(request({ origin: 'https://evil.io' })).message).toMatch(
        /untrusted origin \(https:\/\/evil\.io\)/,
      );
    });
  });

  describe('assertToken', () => {
    const withHeader = (value: string | undefined, cookie?: string) =>
      request({ [CSRF_HEADER]: value, cookie });

    it("accepts the session's CSRF token", () => {
      expect(csrf.assertToken(withHeader(csrf.tokenFor(SID)), SID)).toBeUndefined();
    });

    it('reads it from the X-CSRF-Token header (lower-cased, as Node hands headers over)', () => {
      expect(CSRF_HEADER).toBe('x-csrf-token');
      const req = request({ 'x-csrf-token': csrf.tokenFor(SID) });
      expect(csrf.assertToken(req, SID)).toBeUndefined();
    });

    it('refuses a missing, empty, wrong or differently long header', () => {
      const token = csrf.tokenFor(SID);
      for (const value of [undefined, '', token.slice(0, -1) + 'X', `${token}x`, 'x']) {
        expectCsrfFailed(() => csrf.assertToken(withHeader(value), SID));
      }
    });

    it("refuses another session's token", () => {
      const other = csrf.tokenFor(SID.replace('0b', '0c'));
      expectCsrfFailed(() => csrf.assertToken(withHeader(other), SID));
    });

    it('refuses any header when the token names no session', () => {
      expectCsrfFailed(() => csrf.assertToken(withHeader(csrf.tokenFor('')), undefined));
    });

    it('never reads the CSRF cookie: a planted cookie echoed in the header proves nothing', () => {
      const planted = 'attacker-chosen-value';
      const req = withHeader(planted, `csrf_token=${planted}; __Host-csrf_token=${planted}`);
      expect(expectCsrfFailed(() => csrf.assertToken(req, SID)).message).toMatch(
        /not the CSRF token of this session/,
      );
    });
  });
});
