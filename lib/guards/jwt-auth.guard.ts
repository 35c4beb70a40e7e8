import { type ExecutionContext, Inject, Injectable, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { IS_OPTIONAL_AUTH_KEY, IS_PUBLIC_KEY, JWT_STRATEGY } from '../auth.constants.js';
import { type AuthRequest, authRequestOf } from '../request/auth-request.js';
import { AuthErrorCode } from '../errors/auth-error-code.js';
import { authRefusal } from '../errors/auth-refusal.js';
import { AuthException } from '../errors/auth.exception.js';
import { type AuthenticatedUser } from '../interfaces/auth-user.interface.js';
import { preventCachingOf } from '../response/no-store.js';
import { toAuthException } from '../tokens/jwt-error.mapper.js';
import { assertRequiredRoles, requiredRoles } from './required-roles.js';

/**
 * Authenticates the request with its Bearer access token and enforces `@Roles()`. Skips routes
 * marked `@Public()`. Every failure is an {@link AuthException}: 401 with a code, 403
 * `forbidden`, or 503 `auth_store_unavailable` when revocations cannot be checked. On HTTP its
 * headers (`WWW-Authenticate`, `Cache-Control: no-store`) are set before it is thrown, so any
 * filter can write the body; in a resolver it is thrown as a `GraphQLAuthError`. An
 * authenticated HTTP response is `Cache-Control: no-store` unless the route sets its own.
 *
 * Guards controllers, GraphQL resolvers (the operation's HTTP request) and WebSocket gateways
 * (the token of the socket's handshake) alike. Extend it by overriding `getRequest()` (other
 * transports) or `handleRequest()`.
 */
@Injectable()
export class JwtAuthGuard extends AuthGuard() {
  private readonly logger = new Logger('nest-jwt-auth');

  constructor(
    protected readonly reflector: Reflector,
    @Inject(JWT_STRATEGY) strategyName: string,
  ) {
    super({ defaultStrategy: strategyName });
    // AuthGuard takes its strategy from `options`, which Nest would overwrite with an app's
    // PassportModule options (property injection): pin it to this module's strategy.
    const options = { defaultStrategy: strategyName };
    Object.defineProperty(this, 'options', { get: () => options, set: () => undefined });
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    if (this.flag(IS_PUBLIC_KEY, context)) return true;
    try {
      await super.canActivate(context);
    } catch (error) {
      // A socket keeps its user between messages: a refused message must not leave the user of
      // an earlier one for unguarded handlers to find.
      this.getRequest(context).user = undefined;
      throw authRefusal(context, error);
    }
    const user = this.getRequest(context).user;
    if (user === undefined && requiredRoles(this.reflector, context).length > 0) {
      throw authRefusal(context, new AuthException(AuthErrorCode.TokenMissing));
    }
    assertRequiredRoles(this.reflector, context, user);
    // What a user's token unlocks is theirs alone: no cache keeps it (the route may say otherwise).
    if (user !== undefined) preventCachingOf(context);
    return true;
  }

  override getRequest<T = AuthRequest>(context: ExecutionContext): T {
    return authRequestOf(context) as T;
  }

  private flag(key: string, context: ExecutionContext): boolean {
    return !!this.reflector.getAllAndOverride<boolean | undefined>(key, [
      context.getHandler(),
      context.getClass(),
    ]);
  }

  /**
   * `err` is what the strategy's `validate()` threw; `info` is why passport-jwt refused the token.
   * Anything that is not already an {@link AuthException} must not become Nest's 500.
   */
  override handleRequest<TUser = AuthenticatedUser>(
    err: unknown,
    user: unknown,
    info: unknown,
    context?: ExecutionContext,
  ): TUser {
    if (!err && !user && context && this.flag(IS_OPTIONAL_AUTH_KEY, context)) {
      // No token at all is fine on an @OptionalAuth() route; a bad one is not.
      const refusal = toAuthException(info);
      if (refusal.code === AuthErrorCode.TokenMissing) return undefined as TUser;
      throw refusal;
    }
    if (err) {
      if (err instanceof AuthException) throw err;
      this.logger.error(`Token validation failed unexpectedly: ${String(err)}`);
      throw new AuthException(AuthErrorCode.AuthStoreUnavailable, undefined, { cause: err });
    }
    if (!user) throw toAuthException(info);
    return user as TUser;
  }
}
