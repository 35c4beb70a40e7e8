import { AuthErrorCode } from '../errors/auth-error-code.js';
import { AuthException } from '../errors/auth.exception.js';
import { type AuthenticatedUser } from '../interfaces/auth-user.interface.js';
import { assertRoles } from './required-roles.js';
import { type RouteAuth } from './route-auth.js';

/** The entries of `required` missing from `held`, compared whole: no prefix ever matches. */
function missing(required: readonly string[], held: unknown): readonly string[] {
  const list: readonly unknown[] = Array.isArray(held) ? held : [];
  return required.filter((entry) => !list.includes(entry));
}

/**
 * Throws unless `user` holds what the route requires: one of `@Roles(...names)` and all of
 * `@Roles({ all })` (else 403 `forbidden`), then all of `@Scopes()` (else 403
 * `insufficient_scope`, naming every scope the route requires, as RFC 6750 §3.1 asks).
 */
export function assertGrants(route: RouteAuth, user: AuthenticatedUser | undefined): void {
  assertRoles(route.roles, user);
  if (missing(route.allRoles, user?.roles).length > 0) {
    throw new AuthException(
      AuthErrorCode.Forbidden,
      `This route requires all of the roles: ${route.allRoles.join(', ')}.`,
    );
  }
  if (missing(route.scopes, user?.scopes).length > 0) {
    throw new AuthException(
      AuthErrorCode.InsufficientScope,
      `This route requires the scopes: ${route.scopes.join(' ')}.`,
      { requiredScopes: route.scopes },
    );
  }
}
