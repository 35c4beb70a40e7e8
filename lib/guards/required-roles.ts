import { type ExecutionContext } from '@nestjs/common';
import { type Reflector } from '@nestjs/core';
import { ROLES_KEY } from '../auth.constants.js';
import { AuthErrorCode } from '../errors/auth-error-code.js';
import { authRefusal } from '../errors/auth-refusal.js';
import { AuthException } from '../errors/auth.exception.js';

/** The roles `@Roles()` asks for on the route (the method's list wins over the controller's). */
export function requiredRoles(reflector: Reflector, context: ExecutionContext): string[] {
  return (
    reflector.getAllAndOverride<string[] | undefined>(ROLES_KEY, [
      context.getHandler(),
      context.getClass(),
    ]) ?? []
  );
}

/** Throws 403 `forbidden` unless `user` holds one of the route's {@link requiredRoles}. */
export function assertRequiredRoles(
  reflector: Reflector,
  context: ExecutionContext,
  user: { roles?: unknown } | undefined,
): void {
  const required = requiredRoles(reflector, context);
  if (required.length === 0) return;
  const held = Array.isArray(user?.roles) ? user.roles : [];
  if (!required.some((role) => held.includes(role))) {
    throw authRefusal(
      context,
      new AuthException(
        AuthErrorCode.Forbidden,
        `This route requires one of the roles: ${required.join(', ')}.`,
      ),
    );
  }
}
