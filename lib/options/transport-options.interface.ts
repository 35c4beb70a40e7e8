/** How tokens travel between client and server: part of {@link AuthModuleOptions}. */
export interface TransportOptions {
  /**
   * Where the guard looks for the access token, in this order: the `Authorization: Bearer`
   * header, the access-token cookie, or a query parameter (only when listed; never for refresh
   * tokens). With `'cookie'`, login and refresh also set the session cookies, logout clears
   * them, and cookie-authenticated unsafe requests need CSRF proof (see `csrf`). With
   * `'apiKey'`, an API key in `X-API-Key` or `Authorization: ApiKey <key>` (docs/api-keys.md),
   * and the `/auth/api-keys` routes are mounted.
   * @default ['header']
   */
  tokenLookup?: Array<'header' | 'cookie' | 'query' | 'apiKey'>;
  /**
   * Query parameter read when `tokenLookup` lists `'query'` (it ends up in logs and browser
   * history: use it only where nothing else works, such as EventSource).
   * @default 'access_token'
   */
  tokenQueryParameter?: string;
  /** Names and flags of the session cookies (with `'cookie'` in `tokenLookup`). */
  cookies?: AuthCookieOptions;
  /** CSRF defence of browser sessions (with `'cookie'` in `tokenLookup`). */
  csrf?: CsrfOptions;
}

/** CSRF defence of browser sessions. */
export interface CsrfOptions {
  /**
   * Origins besides the server's own (scheme, host and port) allowed to log in, refresh and send
   * cookie-authenticated unsafe requests, e.g. `['https://app.example.com']`.
   * @default []
   */
  trustedOrigins?: string[];
  /**
   * Key of the CSRF tokens, at least 32 bytes: each is an HMAC of its session id under it, so
   * every instance (and every resource server reading the cookies) needs the same one. Unset, it
   * is derived from `secret`; with `keys` or `jwksUrl` and cookies it is required, because a key
   * rotation must not invalidate every browser session's CSRF token.
   * @default derived from `secret`
   */
  secret?: string | Buffer;
}

/** Session cookies. */
export interface AuthCookieOptions {
  /**
   * Prefixed `__Host-` with `secure` and no `domain` (see `csrfTokenName`).
   * @default 'access_token'
   */
  accessTokenName?: string;
  /** @default 'refresh_token' */
  refreshTokenName?: string;
  /**
   * The one cookie scripts can read, to send in `X-CSRF-Token`. With `secure` and no `domain`, it
   * and the access-token cookie are named with the `__Host-` prefix (`__Host-csrf_token`), which
   * browsers let no other host (a sibling subdomain) set.
   * @default 'csrf_token'
   */
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
   * scripts (and any XSS) never see them; `expiresIn` and `refreshExpiresIn` stay. `false` puts
   * them back, for an app that also serves clients reading the body.
   * @default true
   */
  omitTokensFromBody?: boolean;
}
