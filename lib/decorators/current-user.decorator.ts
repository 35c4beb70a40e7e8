import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { authRequestOf } from '../request/auth-request.js';
import { type AuthenticatedUser } from '../interfaces/auth-user.interface.js';

/**
 * The authenticated user of the request (`sub`, `sid`, `roles` and the app's claims), or one of
 * its properties, in a controller, a GraphQL resolver or a WebSocket gateway. Use it behind
 * {@link JwtAuthGuard}.
 *
 * @example
 * ```ts
 * @UseGuards(JwtAuthGuard)
 * @Get('me')
 * me(@CurrentUser() user: AuthenticatedUser, @CurrentUser('sub') userId: string) { ... }
 * ```
 */
export const CurrentUser = createParamDecorator(
  (property: keyof AuthenticatedUser | undefined, context: ExecutionContext) => {
    const user = authRequestOf(context).user;
    return property === undefined ? user : user?.[property];
  },
);
