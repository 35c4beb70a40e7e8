import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { assertRequiredRoles } from './required-roles.js';

/**
 * Enforces `@Roles()` on `request.user`. {@link JwtAuthGuard} already does this; use RolesGuard
 * only behind another authentication guard.
 */
@Injectable()
export class RolesGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<{ user?: { roles?: unknown } }>();
    assertRequiredRoles(this.reflector, context, request.user);
    return true;
  }
}
