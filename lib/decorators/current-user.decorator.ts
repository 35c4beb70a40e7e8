import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { type AuthenticatedUser } from '../interfaces/auth-user.interface.js';

/**
 * The authenticated user of the request (`sub`, `sid`, `roles` and the app's claims), or one of
 * its properties. Use it behind {@link JwtAuthGuard}.
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
    const user = context.switchToHttp().getRequest<{ user?: AuthenticatedUser }>().user;
    return property === undefined ? user : user?.[property];
  },
);
