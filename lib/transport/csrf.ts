import { timingSafeEqual } from 'node:crypto';
import { AuthErrorCode } from '../errors/auth-error-code.js';
import { AuthException } from '../errors/auth.exception.js';
import { headerOf, type HttpRequest } from '../request/http-request.js';
import { cookiesOf } from '../request/token-lookup.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Header a cookie-authenticated unsafe request must echo the CSRF cookie in. */
export const CSRF_HEADER = 'x-csrf-token';

function failed(message: string): AuthException {
  return new AuthException(AuthErrorCode.CsrfFailed, message);
}

function originOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}

function sameString(a: string, b: string): boolean {
  const [left, right] = [Buffer.from(a), Buffer.from(b)];
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * The CSRF defence of a request authenticated by a cookie: a browser attaches cookies to
 * cross-site requests, so an unsafe method (anything but GET, HEAD, OPTIONS) must also
 *
 * - come from a trusted origin: its `Origin` (else `Referer`) is this server's own host or one of
 *   `trustedOrigins`;
 * - echo the readable CSRF cookie in the `X-CSRF-Token` header (double submit), which a page of
 *   another site cannot read.
 *
 * Throws 403 `csrf_failed`. Requests authenticated by the `Authorization` header need none of it:
 * browsers never add that header by themselves.
 */
export function assertCsrfSafe(
  request: HttpRequest,
  csrfCookie: string,
  trustedOrigins: readonly string[],
): void {
  if (SAFE_METHODS.has((request.method ?? 'GET').toUpperCase())) return;
  const origin = originOf(headerOf(request, 'origin')) ?? originOf(headerOf(request, 'referer'));
  if (!origin) throw failed('The request has no Origin or Referer header.');
  const host = headerOf(request, 'host')?.toLowerCase();
  if (new URL(origin).host !== host && !trustedOrigins.includes(origin)) {
    throw failed(`The request comes from an untrusted origin (${origin}).`);
  }
  const expected = cookiesOf(request)[csrfCookie];
  const sent = headerOf(request, CSRF_HEADER);
  if (!expected || !sent || !sameString(expected, sent)) {
    throw failed(`The ${CSRF_HEADER} header does not match the ${csrfCookie} cookie.`);
  }
}
