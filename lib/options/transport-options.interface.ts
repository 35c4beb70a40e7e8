/** How tokens travel between client and server: part of {@link AuthModuleOptions}. */
export interface TransportOptions {
  /**
   * Where the guard looks for the access token, in this order: the `Authorization: Bearer`
   * header, the access-token cookie, or a query parameter (only when listed; never for refresh
   * tokens). With `'cookie'`, login and refresh also set the session cookies, logout clears
   * them, and cookie-authenticated unsafe requests need CSRF proof (see `csrf`).
   * @default ['header']
   */
  tokenLookup?: Array<'header' | 'cookie' | 'query'>;
  /**
   * Query parameter read when `tokenLookup` lists `'query'` (it ends up in logs and browser
   * history: use it only where nothing else works, such as EventSource).
   * @default 'access_token'
   */
  tokenQueryParameter?: string;
  /** Names and flags of the session cookies (with `'cookie'` in `tokenLookup`). */
  cookies?: AuthCookieOptions;
  /** CSRF defence of cookie-authenticated requests. */
  csrf?: {
    /**
     * Origins besides the server's own host allowed to send cookie-authenticated unsafe
     * requests, e.g. `['https://app.example.com']`.
     * @default []
     */
    trustedOrigins?: string[];
  };
}

/** Session cookies. */
export interface AuthCookieOptions {
  /** @default 'access_token' */
  accessTokenName?: string;
  /** @default 'refresh_token' */
  refreshTokenName?: string;
  /** The one cookie scripts can read, to echo in `X-CSRF-Token`. @default 'csrf_token' */
  csrfTokenName?: string;
  /** `Domain` of the cookies; unset: the host that set them only. */
  domain?: string;
  /**
   * `Secure` flag; turn it off only for development on http://localhost.
   * @default true
   */
  secure?: boolean;
  /**
   * `SameSite` of the access-token and CSRF cookies (the refresh cookie is always Strict).
   * @default 'lax'
   */
  sameSite?: 'lax' | 'strict' | 'none';
  /**
   * Leave `accessToken` and `refreshToken` out of the JSON bodies of login and refresh, so page
   * scripts never see them (`expiresIn` stays).
   * @default false
   */
  omitTokensFromBody?: boolean;
}
