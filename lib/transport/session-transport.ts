import { AuthErrorCode } from '../errors/auth-error-code.js';
import { AuthException } from '../errors/auth.exception.js';
import { type TokenPair } from '../interfaces/token-pair.interface.js';
import { type HttpRequest } from '../request/http-request.js';
import { routePatternOf } from '../request/route-pattern.js';
import { cookiesOf } from '../request/token-lookup.js';
import { AuthCookies } from './auth-cookies.js';
import { CsrfProtection } from './csrf.js';
import { refreshCookiePath } from './refresh-cookie-path.js';
import { type ResolvedTransport } from './resolved-transport.js';

/** An Express response or a Fastify reply: both set a header to a list of values this way. */
export interface HttpResponse {
  header(name: string, value: string[]): unknown;
}

/**
 * How the auth routes hand tokens over: in the JSON body, and with `'cookie'` in `tokenLookup`
 * as session cookies instead (or as well, with `omitTokensFromBody: false`). In that mode they
 * also keep other sites from signing a browser in (login CSRF): see {@link assertSignInOrigin}.
 */
export class SessionTransport {
  private readonly cookies: AuthCookies | undefined;
  private readonly csrf: CsrfProtection | undefined;

  /**
   * `routePrefix`: the controller's path, for adapters that name no route pattern;
   * `sessionIdOf`: the session id a refresh token names, `null` for a malformed one.
   */
  constructor(
    private readonly transport: ResolvedTransport,
    private readonly routePrefix: string,
    private readonly sessionIdOf: (refreshToken: string) => string | null,
  ) {
    if (transport.cookies) {
      this.cookies = new AuthCookies(transport.cookies);
      this.csrf = new CsrfProtection(transport.csrfKey!, transport.trustedOrigins);
    }
  }

  /**
   * With cookies, refuses a login or a refresh (whatever carries its token) sent from a foreign
   * origin: its answer would set the session cookies, signing the browser in as whoever the
   * other site chose. A request with neither Origin nor Referer is no browser's, and passes.
   * Called before anything changes.
   */
  assertSignInOrigin(request: HttpRequest): void {
    this.csrf?.assertOrigin(request, false);
  }

  /**
   * Sets the session cookies and returns the body to answer with. Nothing in it can fail: it
   * runs after the session has changed.
   */
  deliver(request: object, response: HttpResponse, pair: TokenPair): Partial<TokenPair> {
    if (!this.cookies) return pair;
    const csrf = this.csrf!.tokenFor(this.sessionIdOf(pair.refreshToken) ?? '');
    response.header('Set-Cookie', this.cookies.forPair(pair, this.refreshPathOf(request), csrf));
    if (!this.transport.cookies!.omitTokensFromBody) return pair;
    const { accessToken: _access, refreshToken: _refresh, ...rest } = pair;
    return rest;
  }

  /** Deletes the session cookies, if any. */
  clear(request: object, response: HttpResponse): void {
    if (this.cookies)
      response.header('Set-Cookie', this.cookies.cleared(this.refreshPathOf(request)));
  }

  /**
   * The refresh token of the body, else of the refresh cookie, which needs the full CSRF proof:
   * a trusted origin and the CSRF token of the session the cookie's token belongs to. 400 when
   * neither is there.
   */
  refreshTokenOf(request: HttpRequest, bodyToken: string | undefined): string {
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
    this.csrf!.assertOrigin(request, true);
    this.csrf!.assertToken(request, this.sessionIdOf(cookieToken) ?? undefined);
    return cookieToken;
  }

  /** The refresh route's path, from the matched route's pattern: never from the request line. */
  private refreshPathOf(request: object): string {
    return refreshCookiePath(routePatternOf(request), this.routePrefix);
  }
}
