import { serialize, type SerializeOptions } from 'cookie';
import { type TokenPair } from '../interfaces/token-pair.interface.js';

/** Cookie settings after defaults (option `cookies`). */
export interface ResolvedCookieOptions {
  accessTokenName: string;
  refreshTokenName: string;
  csrfTokenName: string;
  domain?: string;
  secure: boolean;
  sameSite: 'lax' | 'strict' | 'none';
  omitTokensFromBody: boolean;
}

/**
 * The cookies of a browser session:
 * - the access token: `HttpOnly`, `Path=/`, `SameSite` as configured (Lax by default);
 * - the refresh token: `HttpOnly`, `SameSite=Strict`, sent only to the refresh route;
 * - the CSRF token: readable by the page's scripts (not `HttpOnly`), to send in `X-CSRF-Token`.
 * All `Secure` unless turned off for http://localhost development; the access and CSRF cookies
 * are then also `__Host-` cookies when no `domain` is set (their names say so).
 */
export class AuthCookies {
  constructor(private readonly options: ResolvedCookieOptions) {}

  /**
   * Set-Cookie values that start or renew a session with `pair` and its CSRF token `csrf`;
   * `refreshPath` is the path of the refresh route as the browser sees it (global prefix
   * included).
   */
  forPair(pair: TokenPair, refreshPath: string, csrf: string): string[] {
    return [
      // Kept as long as the session, not the token: the server then answers an expired token
      // with token_expired (refresh now) instead of token_missing (log in).
      serialize(this.options.accessTokenName, pair.accessToken, {
        ...this.base(),
        httpOnly: true,
        maxAge: pair.refreshExpiresIn,
      }),
      serialize(this.options.refreshTokenName, pair.refreshToken, {
        ...this.refreshBase(refreshPath),
        maxAge: pair.refreshExpiresIn,
      }),
      serialize(this.options.csrfTokenName, csrf, {
        ...this.base(),
        maxAge: pair.refreshExpiresIn,
      }),
    ];
  }

  /** Set-Cookie values that delete all three. */
  cleared(refreshPath: string): string[] {
    const gone = { maxAge: 0, expires: new Date(0) };
    return [
      serialize(this.options.accessTokenName, '', { ...this.base(), httpOnly: true, ...gone }),
      serialize(this.options.refreshTokenName, '', { ...this.refreshBase(refreshPath), ...gone }),
      serialize(this.options.csrfTokenName, '', { ...this.base(), ...gone }),
    ];
  }

  private base(): SerializeOptions {
    const { domain, secure, sameSite } = this.options;
    return { path: '/', secure, sameSite, ...(domain ? { domain } : {}) };
  }

  private refreshBase(path: string): SerializeOptions {
    return { ...this.base(), path, httpOnly: true, sameSite: 'strict' };
  }
}
