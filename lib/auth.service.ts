import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { ACCESS_TOKEN_TYPE, RESOLVED_AUTH_OPTIONS } from './auth.constants.js';
import { Denylist } from './denylist/denylist.interface.js';
import { AuthErrorCode } from './errors/auth-error-code.js';
import { AuthException } from './errors/auth.exception.js';
import { storeCall } from './errors/store-call.js';
import { type AccessTokenClaims } from './interfaces/access-token-claims.interface.js';
import { type AuthUser } from './interfaces/auth-user.interface.js';
import { type TokenPair } from './interfaces/token-pair.interface.js';
import { type ResolvedAuthOptions } from './options/resolved-auth-options.js';
import { RefreshTokenStore } from './refresh/refresh-token-store.interface.js';
import { AccessTokenVerifier } from './tokens/access-token-verifier.js';
import {
  generateRefreshToken,
  hashRefreshToken,
  isRefreshTokenShaped,
} from './tokens/refresh-token.js';

/** Claims the app's `claims(user)` can never set: they describe the token, not the user. */
const RESERVED_CLAIMS = new Set(['iss', 'aud', 'exp', 'iat', 'nbf', 'jti', 'sid', 'sub', 'roles']);

/**
 * Issues, verifies, refreshes and revokes tokens. Failures are {@link AuthException}s carrying a
 * `code`; turning them into HTTP responses is the guard's and the filter's job.
 */
@Injectable()
export class AuthService {
  constructor(
    @Inject(RESOLVED_AUTH_OPTIONS) private readonly options: ResolvedAuthOptions,
    @Inject(Denylist) private readonly denylist: Denylist,
    @Inject(RefreshTokenStore) private readonly refreshTokens: RefreshTokenStore,
    private readonly jwtService: JwtService,
    private readonly verifier: AccessTokenVerifier,
  ) {}

  /** Checks credentials with `validateCredentials` and starts a session; 401 `invalid_credentials` if refused. */
  async login(username: string, password: string): Promise<TokenPair> {
    const validate = this.options.validateCredentials;
    if (!validate) {
      throw new Error('nest-jwt-auth: login() needs the validateCredentials option.');
    }
    const user = await validate(username, password);
    if (!user) throw new AuthException(AuthErrorCode.InvalidCredentials);
    return this.issueTokens(user);
  }

  /** Starts a new session for `user` and returns its first token pair. */
  async issueTokens(user: AuthUser): Promise<TokenPair> {
    if (typeof user?.sub !== 'string' || user.sub === '') {
      throw new Error('nest-jwt-auth: a user needs a non-empty string `sub` to be issued tokens.');
    }
    return this.issuePair(this.tokenIdentity(user), randomUUID());
  }

  /** Verifies an access token completely, revocation included, and returns its claims. */
  verifyAccessToken(token: string): Promise<AccessTokenClaims> {
    return this.verifier.verify(token);
  }

  /**
   * Exchanges a refresh token for a new pair of the same session. The old refresh token dies:
   * presented again it gets 401 `refresh_token_invalid`.
   */
  async refresh(refreshToken: string): Promise<TokenPair> {
    if (typeof refreshToken !== 'string' || !isRefreshTokenShaped(refreshToken)) {
      throw new AuthException(AuthErrorCode.RefreshTokenInvalid);
    }
    const record = await storeCall(() =>
      this.refreshTokens.consume(hashRefreshToken(refreshToken)),
    );
    if (!record || record.exp <= Math.floor(Date.now() / 1000)) {
      throw new AuthException(AuthErrorCode.RefreshTokenInvalid);
    }
    const sessionRevoked = await storeCall(() =>
      this.denylist.has(record.user.sub, [`sid:${record.sid}`]),
    );
    if (sessionRevoked) throw new AuthException(AuthErrorCode.RefreshTokenInvalid);
    return this.issuePair(record.user, record.sid);
  }

  /** Ends the session of these access-token claims: its access and refresh tokens stop working. */
  async logout(claims: Pick<AccessTokenClaims, 'sub' | 'sid'>): Promise<void> {
    // Long enough to outlive the session's newest access token and refresh token.
    const ttl = Math.max(this.options.accessTokenTtl, this.options.refreshTokenTtl);
    await storeCall(() => this.denylist.add(claims.sub, `sid:${claims.sid}`, ttl));
  }

  /** What a session's tokens say about its user: `sub`, `roles` and the app's claims. */
  private tokenIdentity(user: AuthUser): AuthUser {
    const appClaims = Object.fromEntries(
      Object.entries(this.options.claims(user) ?? {}).filter(
        ([name]) => !RESERVED_CLAIMS.has(name),
      ),
    );
    const roles = Array.isArray(user.roles) ? user.roles : [];
    return { ...appClaims, sub: user.sub, roles };
  }

  private async issuePair(identity: AuthUser, sid: string): Promise<TokenPair> {
    const { accessTokenTtl, refreshTokenTtl, issuer, audience, algorithm } = this.options;
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
    const refreshToken = generateRefreshToken();
    const exp = Math.floor(Date.now() / 1000) + refreshTokenTtl;
    await storeCall(() =>
      this.refreshTokens.save(
        hashRefreshToken(refreshToken),
        { user: identity, sid, exp },
        refreshTokenTtl,
      ),
    );
    return {
      accessToken,
      refreshToken,
      tokenType: 'Bearer',
      expiresIn: accessTokenTtl,
      refreshExpiresIn: refreshTokenTtl,
    };
  }
}
