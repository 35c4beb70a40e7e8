import { SetMetadata } from '@nestjs/common';
import { ROLES_KEY } from '../auth.constants.js';

/**
 * Requires the user to hold at least one of `roles` (from the token's `roles` claim); others get
 * 403 `forbidden`. Enforced by {@link JwtAuthGuard} (and by {@link RolesGuard} behind another
 * guard). A method's `@Roles()` replaces its controller's.
 *
 * @example
 * ```ts
 * @UseGuards(JwtAuthGuard)
 * @Roles('admin')
 * @Get('admin')
 * admin() { ... }
 * ```
 */
export const Roles = (...roles: string[]) => SetMetadata(ROLES_KEY, roles);
