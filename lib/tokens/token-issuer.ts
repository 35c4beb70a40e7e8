import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { ACCESS_TOKEN_TYPE, RESOLVED_AUTH_OPTIONS } from '../auth.constants.js';
import { type AuthUser } from '../interfaces/auth-user.interface.js';
import { type TokenPair } from '../interfaces/token-pair.interface.js';
import { KeySet } from '../keys/key-set.js';
import { type ResolvedAuthOptions } from '../options/resolved-auth-options.js';
import { signJws } from './jws-signature.js';
import { generateRefreshToken, hashRefreshToken } from './refresh-token.js';

/** Claims the app's `claims(user)` can never set: they describe the token, not the user. */
const RESERVED_CLAIMS = new Set([
  'iss',
  'aud',
  'exp',
  'iat',
  'nbf',
  'jti',
  'sid',
  'sub',
  'client_id',
  'roles',
]);

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
    private readonly keys: KeySet,
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
    const { accessTokenTtl, issuer, audience, clientId } = this.options;
    const key = this.keys.signingKey;
    if (!key) {
      throw new Error(
        'nest-jwt-auth: this instance only verifies tokens (resource-server mode, or keys without private material); it cannot issue them.',
      );
    }
    const iat = Math.floor(this.options.clock() / 1000);
    const accessToken = signJws(
      this.jwtService,
      { typ: ACCESS_TOKEN_TYPE, ...(key.kid === undefined ? {} : { kid: key.kid }) },
      {
        ...identity,
        sid,
        jti: randomUUID(),
        iat,
        exp: iat + accessTokenTtl,
        // RFC 9068 section 2.2 requires it of an at+jwt token.
        client_id: clientId,
        ...(issuer === undefined ? {} : { iss: issuer }),
        ...(audience === undefined ? {} : { aud: audience }),
      },
      key,
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
