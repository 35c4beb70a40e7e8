import { createHmac, type KeyObject, timingSafeEqual } from 'node:crypto';
import { AuthErrorCode } from '../errors/auth-error-code.js';
import { AuthException } from '../errors/auth.exception.js';
import { headerOf, type HttpRequest } from '../request/http-request.js';
import { serverOriginOf } from '../request/server-origin.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Header a cookie-authenticated unsafe request must send the CSRF token in. */
export const CSRF_HEADER = 'x-csrf-token';

function failed(message: string): AuthException {
  return new AuthException(AuthErrorCode.CsrfFailed, message);
}

/** The origin a URL header names; `undefined` for `null`, garbage and opaque origins. */
function originOf(value: string): string | undefined {
  if (!URL.canParse(value)) return undefined;
  const origin = new URL(value).origin;
  return origin === 'null' ? undefined : origin;
}

/**
 * GET, HEAD and OPTIONS change nothing, so need no CSRF proof. A request that names no method is
 * not known to be one of them: it gets the proof asked of an unsafe one (fail closed).
 */
export function isSafeMethod(request: HttpRequest): boolean {
  return request.method !== undefined && SAFE_METHODS.has(request.method.toUpperCase());
}

/**
 * The CSRF defence of browser sessions. A browser attaches cookies to cross-site requests, so a
 * request it could have been tricked into sending must prove where it comes from:
 *
 * - its `Origin` (only when absent, its `Referer`) is this server's own origin (scheme, host and
 *   port) or one of `trustedOrigins`; `Origin: null` (sandboxed frames, `data:` pages, some
 *   redirects) is foreign, with no fallback to `Referer`;
 * - its `X-CSRF-Token` header is the CSRF token of its session: an HMAC of the session id under a
 *   server key. The CSRF cookie only tells the page the value; the server never compares against
 *   the cookie, so a cookie planted by a sibling subdomain proves nothing.
 *
 * Failures are 403 `csrf_failed`.
 */
export class CsrfProtection {
  constructor(
    private readonly key: KeyObject,
    private readonly trustedOrigins: readonly string[],
  ) {}

  /** The CSRF token of session `sid`. */
  tokenFor(sid: string): string {
    return createHmac('sha256', this.key).update(sid).digest('base64url');
  }

  /**
   * Throws unless the request comes from this server's origin or a trusted one. Without both
   * `Origin` and `Referer` it passes only when `required` is false: no browser sends a POST
   * without them, so the sender is not a browser a page could have steered.
   */
  assertOrigin(request: HttpRequest, required: boolean): void {
    const claimed = headerOf(request, 'origin') ?? headerOf(request, 'referer');
    if (claimed === undefined) {
      if (required) throw failed('The request has no Origin or Referer header.');
      return;
    }
    const origin = originOf(claimed);
    if (origin === undefined) {
      throw failed('The request comes from an opaque or unreadable origin.');
    }
    if (origin !== serverOriginOf(request) && !this.trustedOrigins.includes(origin)) {
      throw failed(`The request comes from an untrusted origin (${origin}).`);
    }
  }

  /** Throws unless `X-CSRF-Token` is the CSRF token of session `sid`. */
  assertToken(request: HttpRequest, sid: string | undefined): void {
    const sent = headerOf(request, CSRF_HEADER);
    if (sent === undefined || sid === undefined || !sameString(sent, this.tokenFor(sid))) {
      throw failed(`The ${CSRF_HEADER} header is not the CSRF token of this session.`);
    }
  }
}

function sameString(a: string, b: string): boolean {
  const [left, right] = [Buffer.from(a), Buffer.from(b)];
  return left.length === right.length && timingSafeEqual(left, right);
}
