import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { authRequestOf } from '../request/auth-request.js';
import { assertRequiredRoles } from './required-roles.js';

/**
 * Enforces `@Roles()` on the user of the request, GraphQL operation or socket.
 * {@link JwtAuthGuard} already does this; use RolesGuard only behind another authentication guard.
 */
@Injectable()
export class RolesGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    assertRequiredRoles(this.reflector, context, authRequestOf(context).user);
    return true;
  }
}
