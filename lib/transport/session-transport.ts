import { AuthErrorCode } from '../errors/auth-error-code.js';
import { AuthException } from '../errors/auth.exception.js';
import { type TokenPair } from '../interfaces/token-pair.interface.js';
import { type ResolvedTransport } from './resolved-transport.js';
import { AuthCookies } from './auth-cookies.js';
import { assertCsrfSafe } from './csrf.js';
import { type HttpRequest } from '../request/http-request.js';
import { cookiesOf } from '../request/token-lookup.js';

/** An Express response or a Fastify reply: both set a header to a list of values this way. */
export interface HttpResponse {
  header(name: string, value: string[]): unknown;
}

/** A request as the auth routes see it: with its URL, to find the refresh route's path. */
export type RouteRequest = HttpRequest & { url?: string; originalUrl?: string };

/** The path of the refresh route next to the route `request` came to, global prefix included. */
function refreshPathOf(request: RouteRequest): string {
  const path = (request.originalUrl ?? request.url ?? '/').split('?')[0];
  // Express also routes `/auth/login/` to the login route.
  return path.replace(/\/+$/, '').replace(/\/[^/]*$/, '/refresh');
}

/**
 * How the auth routes hand tokens over: in the JSON body, and with `'cookie'` in `tokenLookup`
 * also as session cookies.
 */
export class SessionTransport {
  private readonly cookies: AuthCookies | undefined;

  constructor(private readonly transport: ResolvedTransport) {
    this.cookies = transport.cookies ? new AuthCookies(transport.cookies) : undefined;
  }

  /** Sets the session cookies and returns the body to answer with. */
  deliver(request: RouteRequest, response: HttpResponse, pair: TokenPair): Partial<TokenPair> {
    if (!this.cookies) return pair;
    response.header('Set-Cookie', this.cookies.forPair(pair, refreshPathOf(request)));
    if (!this.transport.cookies!.omitTokensFromBody) return pair;
    const { accessToken: _access, refreshToken: _refresh, ...rest } = pair;
    return rest;
  }

  /** Deletes the session cookies, if any. */
  clear(request: RouteRequest, response: HttpResponse): void {
    if (this.cookies) response.header('Set-Cookie', this.cookies.cleared(refreshPathOf(request)));
  }

  /**
   * The refresh token of the body, else of the refresh cookie (with the same CSRF proof as any
   * cookie-authenticated request). 400 when neither is there.
   */
  refreshTokenOf(request: RouteRequest, bodyToken: string | undefined): string {
    if (bodyToken !== undefined) return bodyToken;
    const cookies = this.transport.cookies;
    const cookieToken = cookies ? cookiesOf(request)[cookies.refreshTokenName] : undefined;
    if (!cookies || !cookieToken) {
      throw new AuthException(
        AuthErrorCode.ValidationFailed,
        cookies
          ? 'Send the refresh token as { "refreshToken" } or in the refresh cookie.'
          : 'refreshToken must be a non-empty string.',
      );
    }
    assertCsrfSafe(request, cookies.csrfTokenName, this.transport.trustedOrigins);
    return cookieToken;
  }
}
