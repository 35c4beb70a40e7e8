import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { authRequestOf } from '../request/auth-request.js';
import { tenantOf } from '../request/request-tenant.js';

/**
 * The id of the request's tenant (option `tenants`, docs/tenants.md), in a controller or a
 * GraphQL resolver: set by {@link JwtAuthGuard} once the tenant's keys verified the token, and by
 * the auth routes. `undefined` without tenants, and on a route that verified no token.
 *
 * @example
 * ```ts
 * @Get('orders')
 * orders(@CurrentTenant() tenant: string, @CurrentUser('sub') userId: string) { ... }
 * ```
 */
export const CurrentTenant = createParamDecorator((_: unknown, context: ExecutionContext) =>
  tenantOf(authRequestOf(context)),
);
