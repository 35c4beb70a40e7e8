import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import passport from 'passport';
import { Strategy } from 'passport-jwt';
import { JWT_STRATEGY, JWT_STRATEGY_NAME, RESOLVED_AUTH_OPTIONS } from '../auth.constants.js';
import { SOCKET_TOKEN_MISSING, SocketRequest } from '../request/socket-request.js';
import { AuthErrorCode } from '../errors/auth-error-code.js';
import { AuthException } from '../errors/auth.exception.js';
import { IssuerRegistry } from '../keys/issuer-registry.js';
import { type AccessTokenClaims } from '../interfaces/access-token-claims.interface.js';
import { type AuthenticatedUser } from '../interfaces/auth-user.interface.js';
import { type ResolvedAuthOptions } from '../options/resolved-auth-options.js';
import { type ResolvedTransport } from '../transport/resolved-transport.js';
import { AccessTokenVerifier } from '../tokens/access-token-verifier.js';
import { extractBearerToken } from '../request/bearer-token.extractor.js';
import { CsrfProtection, isSafeMethod } from '../transport/csrf.js';
import { type HttpRequest } from '../request/http-request.js';
import { findAccessToken } from '../request/token-lookup.js';
import { type StreamTickets, TICKET_QUERY_PARAMETER } from '../tickets/stream-tickets.js';
import { AuthMetrics } from '../metrics/auth-metrics.js';
import { type AuthOutcome } from './auth-outcome.js';
import { ApiKeys } from '../api-keys/api-keys.service.js';
import { type ApiKeyClaims } from '../api-keys/api-key-identity.js';
import { TenantContexts } from '../tenants/tenant-contexts.js';
import { type TenantScope } from '../tenants/tenant-scope.js';

/** passport-jwt's message when no token was found. */
const NO_TOKEN = 'No auth token';

/**
 * A token to verify; `csrfBound`: it came in a cookie with an unsafe method; `apiKey`: it is an
 * API key, not a JWT.
 */
interface PresentedToken {
  token: string;
  csrfBound: boolean;
  apiKey?: boolean;
}

/**
 * passport-jwt strategy, registered under this module instance's own name (`JWT_STRATEGY`), so
 * an app that calls passport itself finds it.
 *
 * passport-jwt hands every token to one process-wide verifier function (replaceable "only in
 * tests") that calls jsonwebtoken 9, which has no EdDSA and checks `exp` against the wall clock.
 * So the token lookup and verification are this strategy's own ({@link outcomeOf}), with this
 * instance's {@link AccessTokenVerifier}; that still has jsonwebtoken check every signature
 * jsonwebtoken implements. `JwtAuthGuard` calls {@link outcomeOf} directly, without passport's
 * per-request machinery; `authenticate()` reports the same outcome through passport.
 */
@Injectable()
export class JwtStrategy
  extends PassportStrategy(Strategy, JWT_STRATEGY_NAME)
  implements OnModuleDestroy
{
  private readonly transport: ResolvedTransport;
  private readonly names: { cookie: string; query: string };
  private readonly csrf: CsrfProtection | undefined;
  /** The module's clock (epoch ms) and tolerance, for what the guard checks after verification. */
  readonly now: () => number;
  readonly toleranceSeconds: number;

  constructor(
    private readonly verifier: AccessTokenVerifier,
    private readonly issuers: IssuerRegistry,
    @Inject(JWT_STRATEGY) readonly strategyName: string,
    @Inject(RESOLVED_AUTH_OPTIONS) { transport, clock, clockToleranceSeconds }: ResolvedAuthOptions,
    private readonly apiKeys: ApiKeys,
    private readonly metrics: AuthMetrics,
    private readonly tenants: TenantContexts,
  ) {
    super({
      jwtFromRequest: extractBearerToken,
      // passport-jwt's constructor insists on a key; outcomeOf() never reaches its verifier.
      secretOrKey: 'unused: see outcomeOf()',
    });
    passport.use(strategyName, this);
    this.transport = transport;
    this.now = clock;
    this.toleranceSeconds = clockToleranceSeconds;
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
    const outcome = this.outcomeOf(request as HttpRequest | SocketRequest);
    if (outcome instanceof Promise) void outcome.then((settled) => this.report(settled));
    else this.report(outcome);
  }

  private report({ err, user, info, status }: AuthOutcome): void {
    if (err) this.error(err as Error);
    else if (user) this.success(user, info as AccessTokenClaims);
    else this.fail(info, status!);
  }

  /**
   * Finds and verifies the token of `request`. Answers synchronously when the verified-token
   * cache and the denylist can ({@link AccessTokenVerifier.verifyNow}), else with a promise that
   * never rejects. Every outcome is counted and timed in the module's metrics.
   */
  outcomeOf(request: HttpRequest | SocketRequest): AuthOutcome | Promise<AuthOutcome> {
    const startedAt = this.metrics.startTimer();
    return this.metrics.authentication(this.settle(request), startedAt);
  }

  private settle(request: HttpRequest | SocketRequest): AuthOutcome | Promise<AuthOutcome> {
    let found: PresentedToken | null;
    let scope: TenantScope;
    try {
      found = this.tokenOf(request);
      const ticket =
        found === null && !(request instanceof SocketRequest) ? ticketOf(request) : undefined;
      if (found === null && ticket === undefined) {
        return { err: null, user: false, info: missingToken(request), status: 401 };
      }
      if (found?.apiKey) return this.verifyApiKey(request as HttpRequest, found.token);
      // Only the request's tenant's keys and stores are ever asked (docs/tenants.md).
      scope = this.tenants.scopeOf(request);
      if (found === null) return this.redeem(request as HttpRequest, ticket!, scope.tickets);
      const known = scope.verifier.verifyNow(found.token);
      if (known !== undefined) {
        this.assertCsrfToken(request, found, known.claims);
        return verified(known.user, known.claims);
      }
    } catch (error) {
      return refused(error);
    }
    const presented = found;
    return this.validate(presented.token, scope).then(([user, checked]) => {
      this.assertCsrfToken(request, presented, checked);
      return verified(user, checked);
    }, refused);
  }

  /** A stream ticket instead of a token: only where no token was presented at all. */
  private redeem(
    request: HttpRequest,
    ticket: string,
    tickets: StreamTickets,
  ): Promise<AuthOutcome> {
    const path = (request.originalUrl ?? request.url ?? '').split('?')[0];
    return tickets
      .redeem(ticket, { method: request.method, path })
      .then(({ user, claims }) => verified(user, claims), refused);
  }

  /** An API key instead of a JWT: from the cache when it can, else from the store. */
  private verifyApiKey(request: HttpRequest, key: string): AuthOutcome | Promise<AuthOutcome> {
    const known = this.apiKeys.verifyNow(key);
    if (known) return verified(known.user, known.claims);
    const { ip } = request as { ip?: string };
    return this.apiKeys.verify(key, ip).then(({ user, claims }) => verified(user, claims), refused);
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
    if (found.source === 'apiKey') return { token: found.token, csrfBound: false, apiKey: true };
    const csrfBound = found.source === 'cookie' && !isSafeMethod(request);
    if (csrfBound) this.csrf!.assertOrigin(request, true);
    return { token: found.token, csrfBound };
  }

  /**
   * A CSRF-bound request must also carry the CSRF token of the verified token's session. A
   * foreign token (resource-server mode) may name no session, and then has no CSRF token.
   */
  private assertCsrfToken(
    request: HttpRequest | SocketRequest,
    { csrfBound }: PresentedToken,
    claims: AccessTokenClaims,
  ): void {
    if (csrfBound) this.csrf!.assertToken(request as HttpRequest, claims.sid as string | undefined);
  }

  /**
   * Returns `[user, claims]`: passport puts the user (as the token's issuer maps it) on
   * `request.user` and the claims on `request.authInfo`.
   */
  async validate(
    token: string,
    { verifier, issuers }: Pick<TenantScope, 'verifier' | 'issuers'> = {
      verifier: this.verifier,
      issuers: this.issuers,
    },
  ): Promise<[AuthenticatedUser, AccessTokenClaims]> {
    const claims = await verifier.verify(token);
    return [issuers.userOf(claims), claims];
  }
}

function ticketOf(request: HttpRequest): string | undefined {
  const ticket = request.query?.[TICKET_QUERY_PARAMETER];
  return typeof ticket === 'string' ? ticket : undefined;
}

/** passport-jwt's refusal when no token was found; the guard maps it to `token_missing`. */
function missingToken(request: HttpRequest | SocketRequest): Error {
  return request instanceof SocketRequest
    ? new AuthException(AuthErrorCode.TokenMissing, SOCKET_TOKEN_MISSING)
    : new Error(NO_TOKEN);
}

function verified(user: AuthenticatedUser, claims: AccessTokenClaims | ApiKeyClaims): AuthOutcome {
  return { err: null, user, info: claims, status: undefined };
}

function refused(error: unknown): AuthOutcome {
  return { err: error, user: undefined, info: undefined, status: undefined };
}
