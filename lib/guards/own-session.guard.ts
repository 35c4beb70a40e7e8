import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { AuthErrorCode } from '../errors/auth-error-code.js';
import { AuthException } from '../errors/auth.exception.js';
import { type AccessTokenClaims } from '../interfaces/access-token-claims.interface.js';
import { IssuerRegistry } from '../keys/issuer-registry.js';
import { isApiKeyClaims } from '../api-keys/api-key-identity.js';
import { tenantOf } from '../request/request-tenant.js';

/** 403 `forbidden` for a token that belongs to no session of this module. */
export function notOwnSession(): AuthException {
  return new AuthException(
    AuthErrorCode.Forbidden,
    "This route takes only access tokens this app issued, not another issuer's.",
  );
}

/** 403 `forbidden` for an API key on a route that acts on the session of its token. */
export function notASession(): AuthException {
  return new AuthException(
    AuthErrorCode.Forbidden,
    "This route takes only a session's access token, not an API key.",
  );
}

/**
 * Lets only tokens of this module's own sessions through, after {@link JwtAuthGuard}: logout and
 * the session routes act on the sessions of the token's `sub`, and another issuer's `sub` may
 * well be the id of one of our users. An API key has no session, and must not mint more keys.
 */
@Injectable()
export class OwnSessionGuard implements CanActivate {
  constructor(private readonly issuers: IssuerRegistry) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<{ authInfo?: AccessTokenClaims }>();
    const { authInfo } = request;
    if (isApiKeyClaims(authInfo)) throw notASession();
    // Verified by a tenant's keys: its issuers are that tenant's own sessions' alone.
    if (authInfo !== undefined && tenantOf(request) !== undefined) return true;
    if (authInfo === undefined || !this.issuers.select(authInfo.iss).ownSessions) {
      throw notOwnSession();
    }
    return true;
  }
}
