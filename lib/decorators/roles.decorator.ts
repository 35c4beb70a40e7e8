import { SetMetadata } from '@nestjs/common';
import { ROLES_KEY } from '../auth.constants.js';

/** `@Roles({ all: [...] })`: the user must hold every one of these roles. */
export interface AllRoles {
  all: string[];
}

/**
 * Requires the user to hold at least one of `roles` (from the token's `roles` claim), or with
 * `{ all: [...] }` every one of them; others get 403 `forbidden`. Enforced by
 * {@link JwtAuthGuard} (and by {@link RolesGuard} behind another guard). A method's `@Roles()`
 * replaces its controller's.
 *
 * @example
 * ```ts
 * @UseGuards(JwtAuthGuard)
 * @Roles('admin', 'editor') // either
 * @Get('admin')
 * admin() { ... }
 *
 * @Roles({ all: ['admin', 'auditor'] }) // both
 * @Get('audit')
 * audit() { ... }
 * ```
 */
export function Roles(...roles: string[]): MethodDecorator & ClassDecorator;
export function Roles(requirement: AllRoles): MethodDecorator & ClassDecorator;
export function Roles(...roles: string[] | [AllRoles]) {
  const [first] = roles;
  if (typeof first !== 'object') return SetMetadata(ROLES_KEY, roles);
  const { all } = first;
  if (!Array.isArray(all) || !all.every((role) => typeof role === 'string' && role !== '')) {
    throw new Error(
      'nest-jwt-auth: @Roles({ all }) needs `all` to be a list of non-empty role names.',
    );
  }
  return SetMetadata(ROLES_KEY, { all: Object.freeze([...all]) });
}
