import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { ACCESS_TOKEN_TYPE, RESOLVED_AUTH_OPTIONS } from '../auth.constants.js';
import { type AuthUser } from '../interfaces/auth-user.interface.js';
import { type TokenPair } from '../interfaces/token-pair.interface.js';
import { type ResolvedAuthOptions } from '../options/resolved-auth-options.js';
import { generateRefreshToken, hashRefreshToken } from './refresh-token.js';

/** Claims the app's `claims(user)` can never set: they describe the token, not the user. */
const RESERVED_CLAIMS = new Set(['iss', 'aud', 'exp', 'iat', 'nbf', 'jti', 'sid', 'sub', 'roles']);

/** A signed pair, and the hash under which the store keeps its refresh token. */
export interface IssuedPair {
  pair: TokenPair;
  refreshHash: string;
}

/** Signs access tokens and mints refresh tokens; stores nothing. */
@Injectable()
export class TokenIssuer {
  constructor(
    @Inject(RESOLVED_AUTH_OPTIONS) private readonly options: ResolvedAuthOptions,
    private readonly jwtService: JwtService,
  ) {}

  /** What a session's tokens say about its user: `sub`, `roles` and the app's claims. */
  identityOf(user: AuthUser): AuthUser {
    if (typeof user?.sub !== 'string' || user.sub === '') {
      throw new Error('nest-jwt-auth: a user needs a non-empty string `sub` to be issued tokens.');
    }
    const appClaims = Object.fromEntries(
      Object.entries(this.options.claims(user) ?? {}).filter(
        ([name]) => !RESERVED_CLAIMS.has(name),
      ),
    );
    const roles = Array.isArray(user.roles) ? user.roles : [];
    return { ...appClaims, sub: user.sub, roles };
  }

  /** A pair for session `sid` whose refresh token lives `refreshExpiresIn` seconds. */
  async issue(identity: AuthUser, sid: string, refreshExpiresIn: number): Promise<IssuedPair> {
    const { accessTokenTtl, issuer, audience, algorithm } = this.options;
    const accessToken = await this.jwtService.signAsync(
      { ...identity, sid, jti: randomUUID() },
      {
        algorithm,
        header: { alg: algorithm, typ: ACCESS_TOKEN_TYPE },
        expiresIn: accessTokenTtl,
        ...(issuer === undefined ? {} : { issuer }),
        ...(audience === undefined ? {} : { audience }),
      },
    );
    const refreshToken = generateRefreshToken(sid);
    return {
      pair: {
        accessToken,
        refreshToken,
        tokenType: 'Bearer',
        expiresIn: accessTokenTtl,
        refreshExpiresIn,
      },
      refreshHash: hashRefreshToken(refreshToken),
    };
  }
}
