import { AuthErrorCode } from '../errors/auth-error-code.js';
import { AuthException } from '../errors/auth.exception.js';

/** Throws 403 `forbidden` unless `user` holds one of `required`; nothing required passes. */
export function assertRoles(
  required: readonly string[],
  user: { roles?: unknown } | undefined,
): void {
  if (required.length === 0) return;
  // Stryker disable next-line ArrayDeclaration: equivalent: no route requires its placeholder role
  const held = Array.isArray(user?.roles) ? user.roles : [];
  if (!required.some((role) => held.includes(role))) {
    throw new AuthException(
      AuthErrorCode.Forbidden,
      `This route requires one of the roles: ${required.join(', ')}.`,
    );
  }
}
