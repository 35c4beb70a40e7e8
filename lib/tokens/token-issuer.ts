import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { ACCESS_TOKEN_TYPE, RESOLVED_AUTH_OPTIONS } from '../auth.constants.js';
import { type AuthUser } from '../interfaces/auth-user.interface.js';
import { type TokenPair } from '../interfaces/token-pair.interface.js';
import { KeySet } from '../keys/key-set.js';
import { type ResolvedAuthOptions } from '../options/resolved-auth-options.js';
import { signJws } from './jws-signature.js';
import { generateRefreshToken, hashRefreshToken } from './refresh-token.js';
import { checkedScopes } from './scope-claim.js';

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
  'scope',
  'scopes',
  'auth_time',
  'acr',
  'amr',
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
    private readonly keys: KeySet,
  ) {}

  /**
   * What a session's tokens say about its user: `sub`, `roles`, `scopes` (when it has any) and the
   * app's claims. Throws on a user without `sub` or with a scope that is no scope token.
   */
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
    const scopes = user.scopes === undefined ? [] : checkedScopes(user.scopes);
    return { ...appClaims, sub: user.sub, roles, ...(scopes.length > 0 ? { scopes } : {}) };
  }

  /**
   * The `exp` (epoch seconds) of an access token signed at `now` (epoch ms) for a session that
   * ends at `sessionExpiresAt`: `accessTokenTtl` later, but never later than 2 ×
   * `clockToleranceSeconds` before the session ends. An instance accepts a token until its own
   * clock, which may lag by the tolerance, passes `exp` plus the tolerance: so by the time the
   * session's record expires no instance accepts any of its tokens, and revoking a session never
   * has to reach tokens of a record that is gone.
   */
  accessTokenExpiry(now: number, sessionExpiresAt: number): number {
    const { accessTokenTtl, clockToleranceSeconds } = this.options;
    return Math.min(
      Math.floor(now / 1000) + accessTokenTtl,
      Math.floor(sessionExpiresAt / 1000) - 2 * clockToleranceSeconds,
    );
  }

  /**
   * A pair for session `sid`, signed at `now` (epoch ms), whose refresh token lives until
   * `sessionExpiresAt` and whose access token expires at {@link accessTokenExpiry}. The caller
   * ends a session too close to its end for any access token instead of calling this.
   */
  async issue(
    { scopes, ...identity }: AuthUser,
    sid: string,
    now: number,
    sessionExpiresAt: number,
  ): Promise<IssuedPair> {
    const { issuer, audience, clientId } = this.options;
    const key = this.keys.signingKey;
    if (!key) {
      throw new Error(
        'nest-jwt-auth: this instance only verifies tokens (resource-server mode, or keys without private material); it cannot issue them.',
      );
    }
    const iat = Math.floor(now / 1000);
    const exp = this.accessTokenExpiry(now, sessionExpiresAt);
    if (exp <= iat) {
      throw new Error('nest-jwt-auth: the session ends before an access token could be used.');
    }
    const accessToken = signJws(
      { typ: ACCESS_TOKEN_TYPE, ...(key.kid === undefined ? {} : { kid: key.kid }) },
      {
        ...identity,
        // The session keeps a list; the token carries RFC 9068's space-delimited string.
        ...(scopes?.length ? { scope: scopes.join(' ') } : {}),
        sid,
        jti: randomUUID(),
        iat,
        exp,
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
        expiresIn: exp - iat,
        refreshExpiresIn: Math.floor((sessionExpiresAt - now) / 1000),
      },
      refreshHash: hashRefreshToken(refreshToken),
    };
  }
}
