import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { type Algorithm } from 'jsonwebtoken';
import { RESOLVED_AUTH_OPTIONS } from '../auth.constants.js';
import { Denylist } from '../denylist/denylist.interface.js';
import { AuthErrorCode } from '../errors/auth-error-code.js';
import { AuthException } from '../errors/auth.exception.js';
import { storeCall } from '../errors/store-call.js';
import { type AccessTokenClaims } from '../interfaces/access-token-claims.interface.js';
import { type ResolvedAuthOptions } from '../options/resolved-auth-options.js';
import { inspectToken } from './inspect-token.js';
import { toAuthException } from './jwt-error.mapper.js';

function isNonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0;
}

function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

function invalid(message: string): AuthException {
  return new AuthException(AuthErrorCode.TokenInvalid, message);
}

/**
 * Every step of access-token verification, shared by the passport strategy (which lets
 * passport-jwt run the signature check) and {@link AuthService.verifyAccessToken}.
 */
@Injectable()
export class AccessTokenVerifier {
  /** jsonwebtoken options; `issuer`, `audience` and `algorithms` must also go to passport-jwt's top level. */
  readonly verifyOptions: {
    algorithms: Algorithm[];
    issuer?: string;
    audience?: string;
    clockTolerance: number;
  };

  constructor(
    @Inject(RESOLVED_AUTH_OPTIONS) private readonly options: ResolvedAuthOptions,
    @Inject(Denylist) private readonly denylist: Denylist,
    private readonly jwtService: JwtService,
  ) {
    this.verifyOptions = {
      algorithms: [options.algorithm],
      issuer: options.issuer,
      audience: options.audience,
      clockTolerance: options.clockToleranceSeconds,
    };
  }

  /** Structural checks before any crypto; throws {@link AuthException}. */
  inspect(token: string): void {
    inspectToken(token, this.options.algorithm, this.options.maxTokenLength);
  }

  /** The whole verification: structure, signature, claims, revocation. */
  async verify(token: string): Promise<AccessTokenClaims> {
    this.inspect(token);
    let payload: unknown;
    try {
      payload = this.jwtService.verify(token, this.verifyOptions);
    } catch (error) {
      throw toAuthException(error);
    }
    const claims = this.checkClaims(payload);
    await this.assertNotRevoked(claims);
    return claims;
  }

  /**
   * Checks the claims jsonwebtoken lets pass: it accepts a token without `exp`, and knows
   * nothing of `sid`.
   */
  checkClaims(payload: unknown): AccessTokenClaims {
    if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
      throw new AuthException(
        AuthErrorCode.TokenMalformed,
        'The access token payload is not a JSON object.',
      );
    }
    const claims = payload as Record<string, unknown>;
    if (!isFiniteNumber(claims.exp)) throw invalid('The token has no expiry (exp).');
    if (!isFiniteNumber(claims.iat)) throw invalid('The token has no issue time (iat).');
    for (const name of ['sub', 'sid', 'jti'] as const) {
      if (!isNonEmptyString(claims[name])) throw invalid(`The token has no ${name} claim.`);
    }
    const roles = claims.roles ?? [];
    if (!Array.isArray(roles) || !roles.every(isNonEmptyString)) {
      throw invalid('The token roles claim is not a list of strings.');
    }
    return { ...claims, roles } as AccessTokenClaims;
  }

  /** Throws `token_revoked` when the token or its session is on the denylist. */
  async assertNotRevoked(claims: AccessTokenClaims): Promise<void> {
    const revoked = await storeCall(() =>
      this.denylist.has(claims.sub, [`sid:${claims.sid}`, `jti:${claims.jti}`]),
    );
    if (revoked) throw new AuthException(AuthErrorCode.TokenRevoked);
  }
}
