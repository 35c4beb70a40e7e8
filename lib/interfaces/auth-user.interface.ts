/**
 * A user as the app knows it: what `validateCredentials` resolves to. `sub` becomes the token's
 * subject; `roles` is copied into the token and checked by `@Roles()`; `scopes` become its
 * `scope` claim, checked by `@Scopes()`.
 */
export interface AuthUser {
  sub: string;
  roles?: string[];
  /** What the user's tokens may do (RFC 6749 §3.3 scope tokens: no spaces); none by default. */
  scopes?: string[];
  /**
   * From `validateCredentials`: how strongly this login proved the user (the tokens' `acr`, which
   * `@RequireAuth({ acr })` checks), and how (`amr`, default `['pwd']` for a password login).
   */
  acr?: string;
  amr?: string[];
  [claim: string]: unknown;
}

/**
 * The user of an authenticated request, as `@CurrentUser()` gives it: the token's `sub`, `roles`,
 * `scopes`, the app's own claims and the session id `sid`. A user of another issuer (the
 * `issuers` option) carries that issuer's `iss`, and a `sid` only if its token has one.
 */
export interface AuthenticatedUser {
  /** Unique within its issuer only: key a user's data by `iss` and `sub` when several issuers are trusted. */
  sub: string;
  /** The session of this module the token belongs to; absent for tokens of other issuers that carry none. */
  sid?: string;
  roles: string[];
  /**
   * The entries of the token's `scope` claim, checked by `@Scopes()`; absent when the token has no
   * `scope` claim (read it as `user.scopes ?? []`).
   */
  scopes?: string[];
  /** The issuer of a user of the `issuers` option; absent for the module's own tokens. */
  iss?: string;
  /** The API key that authenticated the request (docs/api-keys.md); absent for tokens. */
  apiKeyId?: string;
  [claim: string]: unknown;
}
