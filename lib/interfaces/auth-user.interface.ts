/**
 * A user as the app knows it: what `validateCredentials` resolves to. `sub` becomes the token's
 * subject; `roles` is copied into the token and checked by `@Roles()`.
 */
export interface AuthUser {
  sub: string;
  roles?: string[];
  [claim: string]: unknown;
}

/**
 * The user of an authenticated request, as `@CurrentUser()` gives it: the token's `sub`, `roles`,
 * the app's own claims and the session id `sid`.
 */
export interface AuthenticatedUser {
  sub: string;
  sid: string;
  roles: string[];
  [claim: string]: unknown;
}
