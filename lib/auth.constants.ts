/** Name of our passport strategy: unique, so it cannot clash with an app's own 'jwt' strategy. */
export const JWT_STRATEGY_NAME = 'nest-jwt-auth';

/** The `typ` header of our access tokens (RFC 9068). */
export const ACCESS_TOKEN_TYPE = 'at+jwt';

/** Injection token of the validated options ({@link ResolvedAuthOptions}). */
export const RESOLVED_AUTH_OPTIONS = Symbol('nest-jwt-auth:ResolvedAuthOptions');

/** Metadata keys of `@Public()` and `@Roles()`. */
export const IS_PUBLIC_KEY = 'nest-jwt-auth:isPublic';
export const ROLES_KEY = 'nest-jwt-auth:roles';
