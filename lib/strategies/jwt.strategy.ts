import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import passport from 'passport';
import { Strategy } from 'passport-jwt';
import { JWT_STRATEGY, JWT_STRATEGY_NAME, RESOLVED_AUTH_OPTIONS } from '../auth.constants.js';
import { SOCKET_TOKEN_MISSING, SocketRequest } from '../request/socket-request.js';
import { AuthErrorCode } from '../errors/auth-error-code.js';
import { AuthException } from '../errors/auth.exception.js';
import { type AccessTokenClaims } from '../interfaces/access-token-claims.interface.js';
import { type AuthenticatedUser } from '../interfaces/auth-user.interface.js';
import { type ResolvedAuthOptions } from '../options/resolved-auth-options.js';
import { type ResolvedTransport } from '../transport/resolved-transport.js';
import { AccessTokenVerifier } from '../tokens/access-token-verifier.js';
import { extractBearerToken } from '../request/bearer-token.extractor.js';
import { toAuthenticatedUser } from '../tokens/to-authenticated-user.js';
import { CsrfProtection, isSafeMethod } from '../transport/csrf.js';
import { type HttpRequest } from '../request/http-request.js';
import { findAccessToken } from '../request/token-lookup.js';

/** passport-jwt's message when no token was found; the guard maps it to `token_missing`. */
const NO_TOKEN = 'No auth token';

/** A token to verify; `csrfBound`: it came in a cookie with an unsafe method. */
interface PresentedToken {
  token: string;
  csrfBound: boolean;
}

/**
 * passport-jwt strategy, registered under this module instance's own name (`JWT_STRATEGY`).
 *
 * passport-jwt hands every token to one process-wide verifier function (replaceable "only in
 * tests") that calls jsonwebtoken 9, which has no EdDSA and checks `exp` against the wall clock.
 * So `authenticate()` keeps passport-jwt's flow (extract the Bearer token, verify it, pass user
 * and claims to passport) with this instance's {@link AccessTokenVerifier} as the verifier; that
 * still has jsonwebtoken check every signature jsonwebtoken implements.
 */
@Injectable()
export class JwtStrategy
  extends PassportStrategy(Strategy, JWT_STRATEGY_NAME)
  implements OnModuleDestroy
{
  private readonly transport: ResolvedTransport;
  private readonly names: { cookie: string; query: string };
  private readonly csrf: CsrfProtection | undefined;

  constructor(
    private readonly verifier: AccessTokenVerifier,
    @Inject(JWT_STRATEGY) private readonly strategyName: string,
    @Inject(RESOLVED_AUTH_OPTIONS) { transport }: ResolvedAuthOptions,
  ) {
    super({
      jwtFromRequest: extractBearerToken,
      // passport-jwt's constructor insists on a key; authenticate() never reaches its verifier.
      secretOrKey: 'unused: see authenticate()',
    });
    passport.use(strategyName, this);
    this.transport = transport;
    this.names = {
      cookie: transport.cookies?.accessTokenName ?? '',
      query: transport.queryParameter,
    };
    if (transport.cookies) {
      this.csrf = new CsrfProtection(transport.csrfKey!, transport.trustedOrigins);
    }
  }

  onModuleDestroy(): void {
    passport.unuse(this.strategyName);
  }

  override authenticate(request: Parameters<Strategy['authenticate']>[0]): void {
    let found: PresentedToken | null;
    try {
      found = this.tokenOf(request as HttpRequest | SocketRequest);
    } catch (error) {
      this.error(error as Error);
      return;
    }
    if (!found) {
      const missing =
        request instanceof SocketRequest
          ? new AuthException(AuthErrorCode.TokenMissing, SOCKET_TOKEN_MISSING)
          : new Error(NO_TOKEN);
      this.fail(missing, 401);
      return;
    }
    this.verified(request as HttpRequest, found).then(
      ([user, claims]) => this.success(user, claims),
      (error: unknown) => this.error(error as Error),
    );
  }

  /**
   * The token per `tokenLookup`; an unsafe request authenticated by a cookie must come from a
   * trusted origin, checked before any crypto. A socket's token comes from its handshake,
   * whatever `tokenLookup` says (see {@link SocketRequest}).
   */
  private tokenOf(request: HttpRequest | SocketRequest): PresentedToken | null {
    if (request instanceof SocketRequest) {
      return request.accessToken === null ? null : { token: request.accessToken, csrfBound: false };
    }
    const found = findAccessToken(request, this.transport.lookup, this.names);
    if (!found) return null;
    const csrfBound = found.source === 'cookie' && !isSafeMethod(request);
    if (csrfBound) this.csrf!.assertOrigin(request, true);
    return { token: found.token, csrfBound };
  }

  /**
   * Verifies the token; a CSRF-bound request must then also carry the CSRF token of the verified
   * token's session.
   */
  private async verified(
    request: HttpRequest,
    { token, csrfBound }: PresentedToken,
  ): Promise<[AuthenticatedUser, AccessTokenClaims]> {
    const verified = await this.validate(token);
    // A foreign token (resource-server mode) may name no session, and then has no CSRF token.
    if (csrfBound) this.csrf!.assertToken(request, verified[1].sid as string | undefined);
    return verified;
  }

  /** Returns `[user, claims]`: passport puts the user on `request.user` and the claims on `request.authInfo`. */
  async validate(token: string): Promise<[AuthenticatedUser, AccessTokenClaims]> {
    const claims = await this.verifier.verify(token);
    return [toAuthenticatedUser(claims), claims];
  }
}
