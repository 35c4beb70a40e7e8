/**
 * Base name of our passport strategy: not 'jwt', so it cannot clash with an app's own strategy.
 * Each AuthModule instance registers under its own suffixed name ({@link JWT_STRATEGY}), since
 * passport's registry is process-wide and two apps in one process must not share a strategy.
 */
export const JWT_STRATEGY_NAME = 'nest-jwt-auth';

/** Injection token of this module instance's passport strategy name. */
export const JWT_STRATEGY = Symbol('nest-jwt-auth:StrategyName');

/** The `typ` header of our access tokens (RFC 9068). */
export const ACCESS_TOKEN_TYPE = 'at+jwt';

/** Injection token of the validated options ({@link ResolvedAuthOptions}). */
export const RESOLVED_AUTH_OPTIONS = Symbol('nest-jwt-auth:ResolvedAuthOptions');

/** Injection token of the auth controller's path (`routePrefix`). */
export const AUTH_ROUTE_PREFIX = Symbol('nest-jwt-auth:RoutePrefix');

/** Metadata keys of `@Public()`, `@OptionalAuth()`, `@Roles()` and `@Scopes()`. */
export const IS_PUBLIC_KEY = 'nest-jwt-auth:isPublic';
export const IS_OPTIONAL_AUTH_KEY = 'nest-jwt-auth:isOptionalAuth';
export const ROLES_KEY = 'nest-jwt-auth:roles';
export const SCOPES_KEY = 'nest-jwt-auth:scopes';
export const REQUIRE_AUTH_KEY = 'nest-jwt-auth:require-auth';
