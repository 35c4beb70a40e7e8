import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { AuthErrorCode } from '../errors/auth-error-code.js';
import { AuthException } from '../errors/auth.exception.js';
import { type AccessTokenClaims } from '../interfaces/access-token-claims.interface.js';
import { IssuerRegistry } from '../keys/issuer-registry.js';

/** 403 `forbidden` for a token that belongs to no session of this module. */
export function notOwnSession(): AuthException {
  return new AuthException(
    AuthErrorCode.Forbidden,
    "This route takes only access tokens this app issued, not another issuer's.",
  );
}

/**
 * Lets only tokens of this module's own sessions through, after {@link JwtAuthGuard}: logout and
 * the session routes act on the sessions of the token's `sub`, and another issuer's `sub` may
 * well be the id of one of our users.
 */
@Injectable()
export class OwnSessionGuard implements CanActivate {
  constructor(private readonly issuers: IssuerRegistry) {}

  canActivate(context: ExecutionContext): boolean {
    const { authInfo } = context.switchToHttp().getRequest<{ authInfo?: AccessTokenClaims }>();
    if (authInfo === undefined || !this.issuers.select(authInfo.iss).ownSessions) {
      throw notOwnSession();
    }
    return true;
  }
}
