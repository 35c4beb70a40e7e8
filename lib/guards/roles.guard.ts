import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { authRefusal } from '../errors/auth-refusal.js';
import { authRequestOf } from '../request/auth-request.js';
import { RouteAuthReader } from './route-auth.js';
import { assertGrants } from './route-grants.js';

/**
 * Enforces `@Roles()` and `@Scopes()` on the user of the request, GraphQL operation or socket.
 * {@link JwtAuthGuard} already does this; use RolesGuard only behind another authentication guard.
 */
@Injectable()
export class RolesGuard implements CanActivate {
  private readonly routes: RouteAuthReader;

  constructor(reflector: Reflector) {
    this.routes = new RouteAuthReader(reflector);
  }

  canActivate(context: ExecutionContext): boolean {
    try {
      assertGrants(this.routes.of(context), authRequestOf(context).user);
    } catch (error) {
      throw authRefusal(context, error);
    }
    return true;
  }
}
