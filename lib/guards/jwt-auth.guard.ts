import { type ExecutionContext, Injectable, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { type AuthRequest, authRequestOf } from '../request/auth-request.js';
import { type HttpRequest } from '../request/http-request.js';
import { oncePerOperation } from '../request/once-per-operation.js';
import { type SocketRequest } from '../request/socket-request.js';
import { AuthErrorCode } from '../errors/auth-error-code.js';
import { authRefusal } from '../errors/auth-refusal.js';
import { AuthException } from '../errors/auth.exception.js';
import { type AccessTokenClaims } from '../interfaces/access-token-claims.interface.js';
import { type AuthenticatedUser } from '../interfaces/auth-user.interface.js';
import { preventCachingOf } from '../response/no-store.js';
import { type AuthOutcome } from '../strategies/auth-outcome.js';
import { JwtStrategy } from '../strategies/jwt.strategy.js';
import { toAuthException } from '../tokens/jwt-error.mapper.js';
import { type RouteAuth, RouteAuthReader } from './route-auth.js';
import { assertAuthentication } from './required-authentication.js';
import { assertGrants } from './route-grants.js';

/**
 * Authenticates the request with its Bearer access token and enforces `@Roles()` and
 * `@Scopes()`. Skips routes marked `@Public()`. Every failure is an {@link AuthException}: 401
 * with a code, 403 `forbidden` or `insufficient_scope`, or 503 `auth_store_unavailable` when
 * revocations cannot be checked. On HTTP its headers (`WWW-Authenticate`, `Cache-Control:
 * no-store`) are set before it is thrown, so any filter can write the body; in a resolver it is
 * thrown as a `GraphQLAuthError`. An authenticated HTTP response is `Cache-Control: no-store`
 * unless the route sets its own.
 *
 * Guards controllers, GraphQL resolvers (once per operation, whatever the number of resolvers)
 * and WebSocket gateways (the token of the socket's handshake, re-checked before every message).
 * Extend it by overriding `getRequest()` (other transports) or `handleRequest()`, as with
 * `@nestjs/passport`'s `AuthGuard`, which it extends. It does not go through
 * `passport.authenticate()`: it asks {@link JwtStrategy} directly, and answers without a promise
 * when the verified-token cache and the revocation mirror can (docs/performance.md).
 */
@Injectable()
export class JwtAuthGuard extends AuthGuard() {
  private readonly logger = new Logger('nest-jwt-auth');
  private readonly routes: RouteAuthReader;

  constructor(
    protected readonly reflector: Reflector,
    protected readonly strategy: JwtStrategy,
  ) {
    super({ defaultStrategy: strategy.strategyName });
    this.routes = new RouteAuthReader(reflector);
  }

  override canActivate(context: ExecutionContext): boolean | Promise<boolean> {
    const route = this.routes.of(context);
    if (route.isPublic) {
      return context.getType<string>() === 'ws' ? this.recheckSocketUser(context) : true;
    }
    const request = this.getRequest(context);
    const outcome =
      context.getType<string>() === 'graphql'
        ? oncePerOperation(context, this.strategy, () => this.outcomeOf(request))
        : this.outcomeOf(request);
    return outcome instanceof Promise
      ? outcome.then((settled) => this.admit(context, route, request, settled))
      : this.admit(context, route, request, outcome);
  }

  override getRequest<T = AuthRequest>(context: ExecutionContext): T {
    return authRequestOf(context) as T;
  }

  /**
   * `err` is what verification threw; `info` is the claims, or why no token was found (as
   * passport-jwt reports it). Anything that is not already an {@link AuthException} must not
   * become Nest's 500.
   */
  override handleRequest<TUser = AuthenticatedUser>(
    err: unknown,
    user: unknown,
    info: unknown,
    context?: ExecutionContext,
    _status?: unknown,
  ): TUser {
    if (!err && !user && context && this.routes.of(context).isOptional) {
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

  private outcomeOf(request: AuthRequest): AuthOutcome | Promise<AuthOutcome> {
    return this.strategy.outcomeOf(request as HttpRequest | SocketRequest);
  }

  /**
   * What `AuthGuard` did with passport's answer: `request.authInfo`, then `handleRequest()`,
   * whose user goes on `request.user`; then `@Roles()` and `@Scopes()`.
   */
  private admit(
    context: ExecutionContext,
    route: RouteAuth,
    request: AuthRequest,
    { err, user, info, status }: AuthOutcome,
  ): boolean | Promise<boolean> {
    request.authInfo = info;
    let accepted: unknown;
    try {
      accepted = this.handleRequest(err, user, info, context, status);
    } catch (error) {
      return forgetUser(context, request, error);
    }
    // AuthGuard awaited handleRequest(): an app's override may be async.
    return accepted instanceof Promise
      ? accepted.then(
          (awaited) => authorize(context, route, request, awaited, this.strategy),
          (error: unknown) => forgetUser(context, request, error),
        )
      : authorize(context, route, request, accepted, this.strategy);
  }

  /**
   * A socket keeps its user between messages, and a `@Public()` handler of a gateway can read
   * it: before such a handler too, the handshake token is verified again, and the user of a
   * token now revoked, expired or impossible to check is forgotten. The handler runs either way.
   */
  private recheckSocketUser(context: ExecutionContext): boolean | Promise<boolean> {
    const request = this.getRequest(context);
    if (request.user === undefined) return true;
    const outcome = this.outcomeOf(request);
    return outcome instanceof Promise
      ? outcome.then((settled) => keepUserIfVerified(request, settled))
      : keepUserIfVerified(request, outcome);
  }
}

/**
 * A refused request has no user; a socket keeps its user between messages, so a refused message
 * must not leave the user of an earlier one for unguarded handlers to find.
 */
function forgetUser(context: ExecutionContext, request: AuthRequest, error: unknown): never {
  request.user = undefined;
  throw authRefusal(context, error);
}

function authorize(
  context: ExecutionContext,
  route: RouteAuth,
  request: AuthRequest,
  user: unknown,
  clock: { now(): number; toleranceSeconds: number },
): true {
  const accepted = user as AuthenticatedUser | undefined;
  request.user = accepted;
  try {
    if (accepted === undefined && route.requiresUser) {
      throw new AuthException(AuthErrorCode.TokenMissing);
    }
    assertGrants(route, accepted);
    assertAuthentication(
      route.authentication,
      request.authInfo as AccessTokenClaims | undefined,
      clock.now(),
      clock.toleranceSeconds,
    );
  } catch (error) {
    throw authRefusal(context, error);
  }
  // What a user's token unlocks is theirs alone: no cache keeps it (the route may say otherwise).
  if (accepted !== undefined) preventCachingOf(context);
  return true;
}

function keepUserIfVerified(request: AuthRequest, { user }: AuthOutcome): true {
  if (!user) request.user = undefined;
  return true;
}
