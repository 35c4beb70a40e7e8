import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { RESOLVED_AUTH_OPTIONS } from './auth.constants.js';
import { Denylist } from './denylist/denylist.interface.js';
import { AuthErrorCode } from './errors/auth-error-code.js';
import { AuthException } from './errors/auth.exception.js';
import { storeCall } from './errors/store-call.js';
import { type AccessTokenClaims } from './interfaces/access-token-claims.interface.js';
import { type AuthUser } from './interfaces/auth-user.interface.js';
import { type TokenPair } from './interfaces/token-pair.interface.js';
import { type ResolvedAuthOptions } from './options/resolved-auth-options.js';
import {
  type SessionInfo,
  type SessionMetadata,
  toSessionInfo,
} from './sessions/session.interface.js';
import { SessionStore } from './sessions/session-store.interface.js';
import { type RequestContext } from './interfaces/auth-event.interface.js';
import { AuthEvents } from './events/auth-events.js';
import { LoginThrottle } from './throttle/login-throttle.js';
import { AccessTokenVerifier } from './tokens/access-token-verifier.js';
import { hashRefreshToken, refreshTokenSessionId } from './tokens/refresh-token.js';
import { openSuccessor, sealSuccessor } from './tokens/successor-cipher.js';
import { TokenIssuer } from './tokens/token-issuer.js';

const refreshInvalid = () => new AuthException(AuthErrorCode.RefreshTokenInvalid);

/**
 * Issues, verifies, refreshes and revokes tokens, and manages sessions. Failures are
 * {@link AuthException}s carrying a `code`; turning them into HTTP responses is the guard's and
 * the filter's job.
 */
@Injectable()
export class AuthService {
  constructor(
    @Inject(RESOLVED_AUTH_OPTIONS) private readonly options: ResolvedAuthOptions,
    @Inject(Denylist) private readonly denylist: Denylist,
    @Inject(SessionStore) private readonly sessions: SessionStore,
    private readonly issuer: TokenIssuer,
    private readonly verifier: AccessTokenVerifier,
    private readonly throttle: LoginThrottle,
    private readonly events: AuthEvents,
  ) {}

  /**
   * Checks credentials with `validateCredentials` and starts a session: 401
   * `invalid_credentials` if refused, 429 `too_many_attempts` (without checking the password)
   * after too many attempts for the username from `ip`, for the username, or from `ip`.
   */
  async login(
    username: string,
    password: string,
    context: RequestContext & { metadata?: SessionMetadata } = {},
  ): Promise<TokenPair> {
    const validate = this.options.validateCredentials;
    if (!validate) {
      throw new Error('nest-jwt-auth: login() needs the validateCredentials option.');
    }
    // Counted before the password is checked: a refused attempt never reaches validate.
    const attempt = await this.throttle.reserve(username, context.ip);
    const user = await validate(username, password);
    const where = { ip: context.ip, userAgent: context.userAgent };
    if (!user) {
      this.events.emit({ name: 'auth.login_failed', username, ...where });
      throw new AuthException(AuthErrorCode.InvalidCredentials);
    }
    await this.throttle.succeeded(attempt);
    const pair = await this.issueTokens(user, context.metadata);
    const sid = refreshTokenSessionId(pair.refreshToken) ?? undefined;
    this.events.emit({ name: 'auth.login', sub: user.sub, sid, ...where });
    return pair;
  }

  /** Starts a new session for `user` and returns its first token pair. */
  async issueTokens(user: AuthUser, metadata?: SessionMetadata): Promise<TokenPair> {
    const identity = this.issuer.identityOf(user);
    const sid = randomUUID();
    const now = this.options.clock();
    const expiresAt = this.sessionExpiry(now, now);
    const { pair, refreshHash } = await this.issuer.issue(identity, sid, (expiresAt - now) / 1000);
    const session = {
      id: sid,
      sub: identity.sub,
      identity,
      createdAt: now,
      lastRefreshedAt: now,
      expiresAt,
      ...(metadata ? { metadata } : {}),
    };
    await storeCall(() => this.sessions.create(session, refreshHash));
    await this.enforceSessionCap(identity.sub, sid);
    return pair;
  }

  /**
   * With `maxSessionsPerUser`, ends the user's oldest sessions beyond the cap, never `keep` (the
   * session just started). Two logins racing on two instances may both end the same oldest
   * session, never a newer one.
   */
  private async enforceSessionCap(sub: string, keep: string): Promise<void> {
    const cap = this.options.maxSessionsPerUser;
    if (cap === undefined) return;
    const sessions = await storeCall(() => this.sessions.list(sub));
    const excess = sessions
      .filter((session) => session.id !== keep)
      .sort((a, b) => a.createdAt - b.createdAt)
      .slice(0, Math.max(0, sessions.length - cap));
    for (const session of excess) await this.endSession(sub, session.id);
    this.revoked(
      sub,
      excess.map((session) => session.id),
      {},
    );
  }

  /** Verifies an access token completely, revocation included, and returns its claims. */
  verifyAccessToken(token: string): Promise<AccessTokenClaims> {
    return this.verifier.verify(token);
  }

  /**
   * Exchanges a refresh token for the next pair of its session. A token works once: presented
   * again (after the grace window, if any) it revokes the whole session, since either the client
   * or a thief holds a copy (401 `refresh_token_reused`).
   */
  async refresh(refreshToken: string, context: RequestContext = {}): Promise<TokenPair> {
    const sid = typeof refreshToken === 'string' ? refreshTokenSessionId(refreshToken) : null;
    if (!sid) throw refreshInvalid();
    const session = await storeCall(() => this.sessions.get(sid));
    if (!session) throw refreshInvalid();

    const now = this.options.clock();
    const expiresAt = this.sessionExpiry(session.createdAt, now);
    if (expiresAt <= now) throw refreshInvalid();
    const { pair, refreshHash } = await this.issuer.issue(
      session.identity,
      sid,
      Math.floor((expiresAt - now) / 1000),
    );
    const graceMs = this.options.refreshReuseGraceSeconds * 1000;
    const result = await storeCall(() =>
      this.sessions.rotate({
        sub: session.sub,
        sid,
        presentedHash: hashRefreshToken(refreshToken),
        nextHash: refreshHash,
        now,
        expiresAt,
        graceMs,
        successor: graceMs > 0 ? sealSuccessor(JSON.stringify(pair), refreshToken) : '',
      }),
    );
    const event = { sub: session.sub, sid, ip: context.ip, userAgent: context.userAgent };
    switch (result.status) {
      case 'rotated':
        this.events.emit({ name: 'auth.refresh', ...event });
        return pair;
      case 'grace': {
        const successor = openSuccessor(result.successor, refreshToken);
        if (successor === null) throw refreshInvalid();
        return JSON.parse(successor) as TokenPair;
      }
      case 'reused':
        await this.denySessions(session.sub, [sid]);
        this.events.emit({ name: 'auth.refresh_reused', ...event });
        throw new AuthException(AuthErrorCode.RefreshTokenReused);
      default:
        throw refreshInvalid();
    }
  }

  /** Ends the session of these access-token claims: its access and refresh tokens stop working. */
  async logout(
    claims: Pick<AccessTokenClaims, 'sub' | 'sid'>,
    context: RequestContext = {},
  ): Promise<void> {
    await this.endSession(claims.sub, claims.sid);
    this.events.emit({ name: 'auth.logout', sub: claims.sub, sid: claims.sid, ...context });
  }

  /** Ends one session by id; false when there is no such live session. */
  async revokeSession(sessionId: string, context: RequestContext = {}): Promise<boolean> {
    const session = await this.getSession(sessionId);
    if (!session) return false;
    await this.endSession(session.sub, sessionId);
    this.revoked(session.sub, [sessionId], context);
    return true;
  }

  /** Ends every session of the user (logout everywhere). */
  async revokeAllSessions(sub: string, context: RequestContext = {}): Promise<void> {
    const ids = await storeCall(() => this.sessions.deleteAll(sub));
    await this.denySessions(sub, ids);
    this.revoked(sub, ids, context);
  }

  private async endSession(sub: string, sid: string): Promise<void> {
    await storeCall(() => this.sessions.delete(sub, sid));
    await this.denySessions(sub, [sid]);
  }

  private revoked(sub: string, sids: string[], context: RequestContext): void {
    for (const sid of sids)
      this.events.emit({ name: 'auth.session_revoked', sub, sid, ...context });
  }

  /** The user's live sessions, oldest first. */
  async listSessions(sub: string): Promise<SessionInfo[]> {
    const records = await storeCall(() => this.sessions.list(sub));
    return records.map(toSessionInfo);
  }

  /** One live session with its user's id, or `null`. */
  async getSession(sessionId: string): Promise<(SessionInfo & { sub: string }) | null> {
    const record = await storeCall(() => this.sessions.get(sessionId));
    return record ? { ...toSessionInfo(record), sub: record.sub } : null;
  }

  /** Stores server-side data with a live session (never in a token); false when there is none. */
  setSessionData(sessionId: string, data: Record<string, unknown>): Promise<boolean> {
    return storeCall(() => this.sessions.setData(sessionId, data));
  }

  getSessionData(sessionId: string): Promise<Record<string, unknown> | null> {
    return storeCall(() => this.sessions.getData(sessionId));
  }

  /** A refresh token lives `refreshTokenTtl`, but never past the session's absolute lifetime. */
  private sessionExpiry(createdAt: number, now: number): number {
    const { refreshTokenTtl, sessionMaxLifetime } = this.options;
    return Math.min(now + refreshTokenTtl * 1000, createdAt + sessionMaxLifetime * 1000);
  }

  /** Denies the sessions' access tokens until the newest of them has expired anyway. */
  private async denySessions(sub: string, sids: string[]): Promise<void> {
    const ttl = this.options.accessTokenTtl + this.options.clockToleranceSeconds + 1;
    await storeCall(() =>
      Promise.all(sids.map((sid) => this.denylist.add(sub, `sid:${sid}`, ttl))),
    );
  }
}
