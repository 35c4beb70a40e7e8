import { SetMetadata } from '@nestjs/common';
import { IS_PUBLIC_KEY } from '../auth.constants.js';

/**
 * Lets a route (or a whole controller) through {@link JwtAuthGuard} without a token, for apps
 * that register the guard globally.
 *
 * @example
 * ```ts
 * providers: [{ provide: APP_GUARD, useClass: JwtAuthGuard }]
 *
 * @Public()
 * @Get('health')
 * health() { return 'ok'; }
 * ```
 */
export const Public = () => SetMetadata(IS_PUBLIC_KEY, true);
