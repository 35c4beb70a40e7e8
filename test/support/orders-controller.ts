import 'reflect-metadata';
import { Controller, Get, Post } from '@nestjs/common';
import { type AuthenticatedUser, CurrentUser, Roles, Scopes } from 'nest-jwt-auth';

/**
 * Routes guarded by `@Scopes()` and `@Roles()`: reading orders needs `orders:read` (the class's),
 * creating one `orders:read` and `orders:write`, the audit both roles `admin` and `auditor`.
 */
@Scopes('orders:read')
@Controller('orders')
export class OrdersController {
  @Get()
  list(@CurrentUser() user: AuthenticatedUser) {
    return user;
  }

  @Scopes('orders:read', 'orders:write')
  @Post()
  create(@CurrentUser('sub') sub: string) {
    return { createdBy: sub };
  }

  @Roles({ all: ['admin', 'auditor'] })
  @Scopes()
  @Get('audit')
  audit(@CurrentUser('sub') sub: string) {
    return { auditedBy: sub };
  }
}

/** The challenge of a 403 `insufficient_scope` on a route requiring `scope` (RFC 6750 §3.1). */
export const insufficientScope = (scope: string) =>
  `Bearer realm="nest-jwt-auth", error="insufficient_scope", scope="${scope}"`;
