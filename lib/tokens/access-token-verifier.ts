import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { RESOLVED_AUTH_OPTIONS } from '../auth.constants.js';
import { denylistIds } from '../denylist/denylist-ids.js';
import { Denylist } from '../denylist/denylist.interface.js';
import { AuthErrorCode } from '../errors/auth-error-code.js';
import { AuthException } from '../errors/auth.exception.js';
import { storeCall } from '../errors/store-call.js';
import { type AccessTokenClaims } from '../interfaces/access-token-claims.interface.js';
import { IssuerRegistry } from '../keys/issuer-registry.js';
import { type TrustedIssuer } from '../keys/trusted-issuer.js';
import { type ResolvedAuthOptions } from '../options/resolved-auth-options.js';
import { AuthMetrics, NO_AUTH_METRICS } from '../metrics/auth-metrics.js';
import { type InspectedToken, inspectToken } from './inspect-token.js';
import { verifyJwsSignature } from './jws-signature.js';
import { type CachedVerification, VerifiedTokenCache } from './verified-token-cache.js';

function isNonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0;
}

function isFiniteNumber(value: unknown): value is number {
  // Stryker disable next-line ConditionalExpression: equivalent: Number.isFinite never coerces
  return typeof value === 'number' && Number.isFinite(value);
}

function invalid(message: string): AuthException {
  return new AuthException(AuthErrorCode.TokenInvalid, message);
}

/** A token whose JWS layer verified, and the issuer whose key and rules verified it. */
export interface VerifiedJws extends InspectedToken {
  issuer: TrustedIssuer;
}

/**
 * Every step of access-token verification, used by the passport strategy and by
 * {@link AuthService.verifyAccessToken}: structure, issuer, key, signature, claims, revocation.
 */
@Injectable()
export class AccessTokenVerifier {
  private readonly cache: VerifiedTokenCache | undefined;
  private readonly clock: () => number;

  constructor(
    @Inject(RESOLVED_AUTH_OPTIONS) private readonly options: ResolvedAuthOptions,
    @Inject(Denylist) private readonly denylist: Denylist,
    private readonly issuers: IssuerRegistry,
    private readonly jwtService: JwtService,
    private readonly metrics: AuthMetrics = NO_AUTH_METRICS,
  ) {
    this.clock = options.clock ?? Date.now;
    const { verifiedTokenCache } = options;
    this.cache = verifiedTokenCache
      ? new VerifiedTokenCache(verifiedTokenCache.maxEntries, verifiedTokenCache.ttl * 1000)
      : undefined;
  }

  /**
   * The whole verification, at time `now` (ms). Throws {@link AuthException}. A token the cache
   * holds skips structure, signature and claims; revocation is checked every time.
   */
  async verify(token: string, now = this.clock()): Promise<AccessTokenClaims> {
    const claims = this.cached(token, now) ?? (await this.verifyUncached(token, now));
    await this.assertNotRevoked(claims);
    return claims;
  }

  /**
   * The whole verification without awaiting anything, when the verified-token cache holds
   * `token` and the denylist answers synchronously ({@link Denylist.hasNow}, the revocation
   * mirror): the claims, and the user their issuer maps them to (built once per cache entry);
   * `undefined` when either cannot, and the caller awaits {@link verify}. Throws
   * `token_revoked`. Its cache lookup is counted in the metrics only when it answers: otherwise
   * {@link verify} looks the token up again and counts that lookup, once per verification.
   */
  verifyNow(token: string, now = this.clock()): CachedVerification | undefined {
    const verified = this.cache?.getWithUser(token, now, this.userOf);
    if (verified === undefined) return undefined;
    const { claims } = verified;
    const ids = denylistIds(claims);
    const revoked = ids.length === 0 ? false : this.denylist.hasNow?.(claims.sub, ids);
    if (revoked === undefined) return undefined;
    this.metrics.tokenCacheLookup(true);
    if (revoked) throw new AuthException(AuthErrorCode.TokenRevoked);
    return verified;
  }

  private readonly userOf = (claims: AccessTokenClaims) => this.issuers.userOf(claims);

  /** The cache's claims of `token`, the lookup counted; `undefined` without a cache. */
  private cached(token: string, now: number): AccessTokenClaims | undefined {
    if (!this.cache) return undefined;
    const claims = this.cache.get(token, now);
    this.metrics.tokenCacheLookup(claims !== undefined);
    return claims;
  }

  private async verifyUncached(token: string, now: number): Promise<AccessTokenClaims> {
    const { header, payload, issuer } = await this.verifyJws(token, now);
    if (!issuer.acceptsType(header.typ)) {
      throw invalid('The token is not an access token (typ).');
    }
    const claims = this.checkClaims(payload, issuer.ownSessions);
    const expiresAt = (claims.exp + this.options.clockToleranceSeconds) * 1000;
    this.cache?.set(token, claims, expiresAt, now);
    return claims;
  }

  /**
   * The JWS layer (RFC 7515, 7519): structure, the issuer the `iss` names, the key of that
   * issuer the `kid` names, the algorithm that key is bound to, the signature, then `exp`, `nbf`,
   * `iat` and `aud` against `now` (ms).
   */
  async verifyJws(token: string, now = this.clock()): Promise<VerifiedJws> {
    const inspected = inspectToken(token, this.options.maxTokenLength);
    // Only the keys of the issuer the token names are ever tried: no key of one issuer can vouch
    // for a token naming another, whatever their kids.
    const issuer = this.issuers.select(inspected.payload.iss);
    // The key decides which algorithms it accepts, never the token: no HS/RS confusion, no `none`.
    const key = await issuer.keys.keyFor(inspected.header.kid, inspected.header.alg);
    verifyJwsSignature(this.jwtService, token, key);
    this.checkRegisteredClaims(inspected.payload, Math.floor(now / 1000), issuer.audiences);
    return { ...inspected, issuer };
  }

  private checkRegisteredClaims(
    payload: Record<string, unknown>,
    nowSeconds: number,
    audiences: readonly string[] | undefined,
  ): void {
    const { exp, nbf, iat, aud } = payload;
    const tolerance = this.options.clockToleranceSeconds;
    if (exp !== undefined) {
      if (!isFiniteNumber(exp)) throw invalid('The token expiry (exp) is not a number.');
      if (nowSeconds >= exp + tolerance) throw new AuthException(AuthErrorCode.TokenExpired);
    }
    if (nbf !== undefined) {
      if (!isFiniteNumber(nbf)) throw invalid('The token nbf claim is not a number.');
      if (nbf > nowSeconds + tolerance) throw new AuthException(AuthErrorCode.TokenNotActive);
    }
    if (iat !== undefined) {
      if (!isFiniteNumber(iat)) throw invalid('The token issue time (iat) is not a number.');
      // Signed by a clock further ahead of ours than the tolerance: here the token would outlive
      // the denial that revokes it, which is sized for clocks within the tolerance.
      if (iat > nowSeconds + tolerance) throw invalid('The token was issued in the future (iat).');
    }
    const tokenAudiences: unknown[] = Array.isArray(aud) ? aud : [aud];
    if (audiences !== undefined && !audiences.some((one) => tokenAudiences.includes(one))) {
      throw invalid('The token audience (aud) is wrong.');
    }
  }

  /**
   * The claims a verified signature does not vouch for: presence and types. Tokens of our own
   * sessions need `sid`, `jti` and `iat`; other issuers' need only `sub` and `exp`. `scope`, when
   * present, is a string whoever issued the token (RFC 9068 §2.2.3).
   */
  checkClaims(payload: Record<string, unknown>, ownSessions: boolean): AccessTokenClaims {
    if (!isFiniteNumber(payload.exp)) throw invalid('The token has no expiry (exp).');
    const required = ownSessions ? (['sub', 'sid', 'jti'] as const) : (['sub'] as const);
    if (ownSessions && !isFiniteNumber(payload.iat)) {
      throw invalid('The token has no issue time (iat).');
    }
    for (const name of required) {
      if (!isNonEmptyString(payload[name])) throw invalid(`The token has no ${name} claim.`);
    }
    const roles = payload.roles ?? [];
    if (!Array.isArray(roles) || !roles.every(isNonEmptyString)) {
      throw invalid('The token roles claim is not a list of strings.');
    }
    if (payload.scope !== undefined && typeof payload.scope !== 'string') {
      throw invalid('The token scope claim is not a space-delimited string.');
    }
    // What @RequireAuth() reads must be what it seems: a time, a class, a list of methods.
    if (payload.auth_time !== undefined && !isFiniteNumber(payload.auth_time)) {
      throw invalid('The token auth_time claim is not a number.');
    }
    if (payload.acr !== undefined && !isNonEmptyString(payload.acr)) {
      throw invalid('The token acr claim is not a string.');
    }
    if (
      payload.amr !== undefined &&
      !(Array.isArray(payload.amr) && payload.amr.every(isNonEmptyString))
    ) {
      throw invalid('The token amr claim is not a list of strings.');
    }
    return { ...payload, roles } as AccessTokenClaims;
  }

  /** Throws `token_revoked` when the token or its session is on the denylist. */
  async assertNotRevoked(claims: AccessTokenClaims): Promise<void> {
    const ids = denylistIds(claims);
    if (ids.length === 0) return;
    const revoked = await storeCall(() => this.denylist.has(claims.sub, ids));
    if (revoked) throw new AuthException(AuthErrorCode.TokenRevoked);
  }
}
