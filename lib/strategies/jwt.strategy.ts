import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import passport from 'passport';
import { Strategy } from 'passport-jwt';
import { JWT_STRATEGY, JWT_STRATEGY_NAME, RESOLVED_AUTH_OPTIONS } from '../auth.constants.js';
import { type AccessTokenClaims } from '../interfaces/access-token-claims.interface.js';
import { type AuthenticatedUser } from '../interfaces/auth-user.interface.js';
import { type ResolvedAuthOptions } from '../options/resolved-auth-options.js';
import { AccessTokenVerifier } from '../tokens/access-token-verifier.js';
import { extractBearerToken } from '../tokens/bearer-token.extractor.js';
import { toAuthenticatedUser } from '../tokens/to-authenticated-user.js';

/**
 * passport-jwt strategy, registered under this module instance's own name (`JWT_STRATEGY`). passport-jwt checks the signature,
 * `exp`, `nbf`, `iss` and `aud`; the rest (structure, `typ`, required claims, revocation) is done
 * by {@link AccessTokenVerifier}, before and after it.
 */
@Injectable()
export class JwtStrategy
  extends PassportStrategy(Strategy, JWT_STRATEGY_NAME)
  implements OnModuleDestroy
{
  constructor(
    @Inject(RESOLVED_AUTH_OPTIONS) options: ResolvedAuthOptions,
    private readonly verifier: AccessTokenVerifier,
    @Inject(JWT_STRATEGY) private readonly strategyName: string,
  ) {
    const { algorithms, issuer, audience, ...jsonWebTokenOptions } = verifier.verifyOptions;
    super({
      jwtFromRequest: extractBearerToken,
      // passport-jwt overwrites these three inside jsonWebTokenOptions with its top-level ones,
      // so they must be given here or they are silently not checked.
      algorithms,
      issuer,
      audience,
      jsonWebTokenOptions,
      // Runs before any crypto: the structural checks fail fast, and the key is a KeyObject
      // (jsonwebtoken first tries to parse a string secret as a PEM key, on every request).
      secretOrKeyProvider: (_request: unknown, token: string, done) => {
        try {
          verifier.inspect(token);
          // @types/passport-jwt omits KeyObject, which jsonwebtoken accepts.
          done(null, options.key as unknown as Buffer);
        } catch (error) {
          done(error as Error);
        }
      },
    });
    passport.use(strategyName, this);
  }

  onModuleDestroy(): void {
    passport.unuse(this.strategyName);
  }

  /** Returns `[user, claims]`: passport puts the user on `request.user` and the claims on `request.authInfo`. */
  async validate(payload: unknown): Promise<[AuthenticatedUser, AccessTokenClaims]> {
    const claims = this.verifier.checkClaims(payload);
    await this.verifier.assertNotRevoked(claims);
    return [toAuthenticatedUser(claims), claims];
  }
}
