import { SetMetadata } from '@nestjs/common';
import { IS_OPTIONAL_AUTH_KEY } from '../auth.constants.js';

/**
 * Lets a route through {@link JwtAuthGuard} without a token: `@CurrentUser()` is the user when a
 * valid token is sent and `undefined` when none is. A token that is sent but fails verification
 * is still 401, and `@Roles()` still needs a user.
 *
 * @example
 * ```ts
 * @OptionalAuth()
 * @Get('articles')
 * list(@CurrentUser() user?: AuthenticatedUser) { ... }
 * ```
 */
export const OptionalAuth = () => SetMetadata(IS_OPTIONAL_AUTH_KEY, true);
