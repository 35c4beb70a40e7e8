import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { RESOLVED_AUTH_OPTIONS } from './auth.constants.js';
import { endingSessionDenialTtl, sessionDenialTtl } from './denylist/denial-ttl.js';
import { Denylist } from './denylist/denylist.interface.js';
import { AuthErrorCode } from './errors/auth-error-code.js';
import { AuthException } from './errors/auth.exception.js';
import { storeCall } from './errors/store-call.js';
import { notOwnSession } from './guards/own-session.guard.js';
import { type AccessTokenClaims } from './interfaces/access-token-claims.interface.js';
import { type AuthUser } from './interfaces/auth-user.interface.js';
import { type TokenPair } from './interfaces/token-pair.interface.js';
import { type ResolvedAuthOptions } from './options/resolved-auth-options.js';
import {
  type SessionInfo,
  type SessionMetadata,
  type SessionRecord,
  toSessionInfo,
} from './sessions/session.interface.js';
import { SessionStore } from './sessions/session-store.interface.js';
import { type RequestContext } from './interfaces/auth-event.interface.js';
import { AuthEvents } from './events/auth-events.js';
import { LoginThrottle } from './throttle/login-throttle.js';
import { AccessTokenVerifier } from './tokens/access-token-verifier.js';
import { hashRefreshToken, refreshTokenSessionId } from './tokens/refresh-token.js';
import { openSuccessor, sealSuccessor } from './tokens/successor-cipher.js';
import {
  type AuthenticationClaims,
  authenticationAt,
  authenticationOf,
  reauthenticated,
  withoutAuthentication,
} from './tokens/authentication-claims.js';
import { refreshHistoryLimit } from './sessions/spent-hashes.js';
import { TokenIssuer } from './tokens/token-issuer.js';
import { ApiKeys, type CreateApiKeyOptions } from './api-keys/api-keys.service.js';
import { type CreatedApiKey } from './api-keys/api-key-info.js';
import { MfaLogin, type MfaRequired, type SecondFactorInput } from './mfa/mfa-login.js';

const refreshInvalid = () => new AuthException(AuthErrorCode.RefreshTokenInvalid);

/** The denylist entry of a session: every access token carrying its `sid` is refused. */
const denialId = (sid: string) => `sid:${sid}`;

/**
 * Issues, verifies, refreshes and revokes tokens, and manages sessions. Failures are
 * {@link AuthException}s carrying a `code`; turning them into HTTP responses is the guard's and
 * the filter's job.
 */
@Injectable()
export class AuthService {
  private readonly logger = new Logger('nest-jwt-auth');

  constructor(
    @Inject(RESOLVED_AUTH_OPTIONS) private readonly options: ResolvedAuthOptions,
    @Inject(Denylist) private readonly denylist: Denylist,
    @Inject(SessionStore) private readonly sessions: SessionStore,
    private readonly issuer: TokenIssuer,
    private readonly verifier: AccessTokenVerifier,
    private readonly throttle: LoginThrottle,
    private readonly events: AuthEvents,
    private readonly mfa: MfaLogin,
    private readonly apiKeys: ApiKeys,
  ) {
    this.historyLimit = refreshHistoryLimit(options);
  }

  /** How many rotations a session may go through before it must log in again. */
  private readonly historyLimit: number;

  /**
   * Checks credentials with `validateCredentials` and starts a session: 401
   * `invalid_credentials` if refused, 429 `too_many_attempts` (without checking the password)
   * after too many attempts for the username from `ip`, for the username, or from `ip`. A user
   * with a second factor (the `mfa` option) gets no session yet but an mfaToken, for
   * {@link completeMfaLogin}.
   */
  async login(
    username: string,
    password: string,
    context: RequestContext & { metadata?: SessionMetadata } = {},
  ): Promise<TokenPair | MfaRequired> {
    const user = await this.checkCredentials('login', username, password, context);
    const challenge = await this.mfa.challenge(user, username, context.metadata);
    if (challenge) return challenge;
    return this.startSession({ ...user, amr: user.amr ?? ['pwd'] }, context);
  }

  /**
   * The second step of a login that answered `mfaRequired`: checks the second factor (attempts
   * throttled like logins) and starts the session, its tokens saying `acr: 'mfa'` and the `amr`
   * of both steps (e.g. `['pwd', 'otp']`). 401 `mfa_token_invalid` for an unknown, expired, used
   * or exhausted mfaToken, 401 `mfa_code_invalid` for a wrong or replayed code (an
   * `auth.login_failed` event with the username and `sub`).
   */
  async completeMfaLogin(
    mfaToken: string,
    input: SecondFactorInput,
    context: RequestContext = {},
  ): Promise<TokenPair> {
    const where = { ip: context.ip, userAgent: context.userAgent };
    const { user, metadata, amr } = await this.mfa.complete(mfaToken, input, context.ip, (half) =>
      this.events.emit({
        name: 'auth.login_failed',
        username: half.username,
        sub: half.user.sub,
        ...where,
      }),
    );
    const first = user.amr ?? ['pwd'];
    const both = [...first, ...amr.filter((method) => !first.includes(method))];
    return this.startSession({ ...user, acr: 'mfa', amr: both }, { ...context, metadata });
  }

  private async startSession(
    user: AuthUser,
    context: RequestContext & { metadata?: SessionMetadata },
  ): Promise<TokenPair> {
    const where = { ip: context.ip, userAgent: context.userAgent };
    const pair = await this.issueTokens(user, context.metadata);
    const sid = refreshTokenSessionId(pair.refreshToken) ?? undefined;
    this.events.emit({ name: 'auth.login', sub: user.sub, sid, ...where });
    return pair;
  }

  /** Starts a new session for `user` and returns its first token pair. */
  async issueTokens(user: AuthUser, metadata?: SessionMetadata): Promise<TokenPair> {
    const now = this.options.clock();
    const identity = { ...this.issuer.identityOf(user), ...authenticationAt(now, user) };
    const sid = randomUUID();
    const expiresAt = this.sessionExpiry(now, now);
    const { pair, refreshHash } = await this.issuer.issue(identity, sid, now, expiresAt);
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
      .slice(0, Math.max(0, sessions.length - cap))
      .map((session) => session.id);
    await this.endSessions(sub, excess);
    this.revoked(sub, excess, {});
  }

  /** Verifies an access token completely, revocation included, and returns its claims. */
  verifyAccessToken(token: string): Promise<AccessTokenClaims> {
    return this.verifier.verify(token);
  }

  /**
   * The user `validateCredentials` finds for these credentials, the attempt counted first: a
   * refused attempt never reaches validate (429), a wrong password is 401 `invalid_credentials`.
   */
  private async checkCredentials(
    caller: 'login' | 'reauthenticate',
    username: string,
    password: string,
    context: RequestContext,
  ): Promise<AuthUser> {
    const validate = this.options.validateCredentials;
    if (!validate) {
      throw new Error(`nest-jwt-auth: ${caller}() needs the validateCredentials option.`);
    }
    const attempt = await this.throttle.reserve(username, context.ip);
    const user = await validate(username, password);
    if (!user) {
      const where = { ip: context.ip, userAgent: context.userAgent };
      this.events.emit({ name: 'auth.login_failed', username, ...where });
      throw new AuthException(AuthErrorCode.InvalidCredentials);
    }
    await this.throttle.succeeded(attempt);
    return user;
  }

  /**
   * Exchanges a refresh token for the next pair of its session. A token works once: presented
   * again (after the grace window, if any) it revokes the whole session, since either the client
   * or a thief holds a copy (401 `refresh_token_reused`). With `refreshIdentity`, the new access
   * token says what the hook says the user is now; refused by it, the session ends.
   */
  async refresh(refreshToken: string, context: RequestContext = {}): Promise<TokenPair> {
    return this.exchange(refreshToken, context);
  }

  /**
   * Step-up (RFC 9470): the user proves who they are again, and the session of `refreshToken`
   * rotates to a pair whose `auth_time` is now, with the `acr` and `amr` of this proof (kept by
   * later refreshes). No new session starts. Throttled like logins; credentials of another user
   * than the session's are 403 `forbidden`, and spend nothing. With `context.code`, a code of the
   * user's TOTP factor too (counted like codes; 401 `mfa_code_invalid`): `acr` `mfa`, `amr` + `otp`.
   */
  async reauthenticate(
    refreshToken: string,
    username: string,
    password: string,
    context: RequestContext & { code?: string } = {},
  ): Promise<TokenPair> {
    const user = await this.checkCredentials('reauthenticate', username, password, context);
    let claims: AuthUser = { ...user, amr: user.amr ?? ['pwd'] };
    if (context.code !== undefined) {
      // The password and a code of the user's TOTP factor: a multi-factor proof.
      await this.mfa.verifyCode(user.sub, context.code, context.ip);
      claims = { ...claims, acr: 'mfa', amr: [...new Set([...claims.amr!, 'otp'])] };
    }
    const proof = authenticationAt(this.options.clock(), claims);
    return this.exchange(refreshToken, context, { sub: user.sub, proof });
  }

  /** A refresh, or with `reauth` a reauthentication of the session's user. */
  private async exchange(
    refreshToken: string,
    context: RequestContext,
    reauth?: { sub: string; proof: AuthenticationClaims },
  ): Promise<TokenPair> {
    const sid = typeof refreshToken === 'string' ? refreshTokenSessionId(refreshToken) : null;
    if (!sid) throw refreshInvalid();
    const now = this.options.clock();
    const presentedHash = hashRefreshToken(refreshToken);
    const graceMs = this.options.refreshReuseGraceSeconds * 1000;
    // Nothing is signed or asked of the app before the token is known to be the session's: an
    // unknown id and a wrong token of a live session cost the same store call, then 401.
    const found = await storeCall(() => this.sessions.check({ sid, presentedHash, now, graceMs }));
    if (found.status === 'invalid') throw refreshInvalid();
    const { session } = found;
    if (reauth && reauth.sub !== session.sub) {
      throw new AuthException(
        AuthErrorCode.Forbidden,
        "These credentials are another user's than the session's.",
      );
    }
    const where = { ip: context.ip, userAgent: context.userAgent };
    if (found.status === 'reused') return this.endReusedSession(session, where);
    // Denied but still stored: ending it failed after the denial. Finish the job.
    if (await storeCall(() => this.denylist.has(session.sub, [denialId(sid)]))) {
      await this.endSessions(session.sub, [sid]);
      throw refreshInvalid();
    }
    if (found.status === 'grace') return this.successorOf(found.successor, refreshToken);
    return this.rotate(session, refreshToken, presentedHash, now, where, reauth?.proof);
  }

  private async rotate(
    session: SessionRecord,
    refreshToken: string,
    presentedHash: string,
    now: number,
    where: RequestContext,
    proof?: AuthenticationClaims,
  ): Promise<TokenPair> {
    const { sub, id: sid } = session;
    const expiresAt = this.renewedExpiry(session, now);
    if (expiresAt === null) {
      await this.endSessions(sub, [sid]);
      throw refreshInvalid();
    }
    const current = await this.currentIdentity(session);
    if (!current) {
      await this.endSessions(sub, [sid]);
      this.revoked(sub, [sid], where);
      throw refreshInvalid();
    }
    const identity = proof ? reauthenticated(current, proof) : current;
    const { pair, refreshHash } = await this.issuer.issue(identity, sid, now, expiresAt);
    const graceMs = this.options.refreshReuseGraceSeconds * 1000;
    const result = await storeCall(() =>
      this.sessions.rotate({
        sub,
        sid,
        presentedHash,
        nextHash: refreshHash,
        now,
        expiresAt,
        graceMs,
        successor: graceMs > 0 ? sealSuccessor(JSON.stringify(pair), refreshToken) : '',
        ...(proof ? { identity } : {}),
        historyLimit: this.historyLimit,
      }),
    );
    switch (result.status) {
      case 'rotated':
        this.events.emit({ name: 'auth.refresh', sub, sid, ...where });
        return pair;
      case 'grace':
        return this.successorOf(result.successor, refreshToken);
      case 'reused':
        return this.endReusedSession(session, where);
      case 'exhausted':
        // Refreshed as often as a session may be (a client refreshing in a loop): log in again.
        await this.endSessions(sub, [sid]);
        this.revoked(sub, [sid], where);
        throw new AuthException(
          AuthErrorCode.RefreshTokenInvalid,
          'This session has been refreshed as often as a session may be: log in again.',
        );
      default:
        throw refreshInvalid();
    }
  }

  /**
   * The session's expiry if refreshed at `now`: `refreshTokenTtl` later, never past its absolute
   * lifetime. Null when by this instance's clock it has ended, or is too close to its end for an
   * access token (see {@link TokenIssuer.accessTokenExpiry}).
   */
  private renewedExpiry(session: SessionRecord, now: number): number | null {
    const expiresAt = this.sessionExpiry(session.createdAt, now);
    const ended =
      session.expiresAt <= now ||
      this.issuer.accessTokenExpiry(now, expiresAt) <= Math.floor(now / 1000);
    return ended ? null : expiresAt;
  }

  /**
   * Who the next access token is for: the identity stored at login, or what `refreshIdentity`
   * says the user is now; null when the hook refuses. A hook that throws leaves the session as it
   * was (nothing is rotated yet), so the same refresh token can be tried again.
   */
  private async currentIdentity(session: SessionRecord): Promise<AuthUser | null> {
    const hook = this.options.refreshIdentity;
    if (!hook) return session.identity;
    const user = await hook(withoutAuthentication(session.identity));
    if (!user) return null;
    if (user.sub !== session.sub) {
      this.logger.error(
        `refreshIdentity returned a user whose sub is not the session's: refusing the refresh and ending the session.`,
      );
      return null;
    }
    // The hook says who the user is now; when and how they last proved it is the session's.
    return { ...this.issuer.identityOf(user), ...authenticationOf(session.identity) };
  }

  private successorOf(sealed: string, refreshToken: string): TokenPair {
    const successor = openSuccessor(sealed, refreshToken);
    if (successor === null) throw refreshInvalid();
    return JSON.parse(successor) as TokenPair;
  }

  private async endReusedSession(session: SessionRecord, where: RequestContext): Promise<never> {
    await this.endSessions(session.sub, [session.id]);
    this.events.emit({ name: 'auth.refresh_reused', sub: session.sub, sid: session.id, ...where });
    throw new AuthException(AuthErrorCode.RefreshTokenReused);
  }

  /**
   * Ends the session of these access-token claims: its access and refresh tokens stop working.
   * Claims without `sid` (another issuer's token) get 403 `forbidden`: there is no session to end.
   */
  async logout(
    claims: Pick<AccessTokenClaims, 'sub' | 'sid'>,
    context: RequestContext = {},
  ): Promise<void> {
    if (!claims.sid) throw notOwnSession();
    await this.endSessions(claims.sub, [claims.sid]);
    this.events.emit({ name: 'auth.logout', sub: claims.sub, sid: claims.sid, ...context });
  }

  /** Ends one session by id; false when there is no such live session. */
  async revokeSession(sessionId: string, context: RequestContext = {}): Promise<boolean> {
    const session = await this.getSession(sessionId);
    if (!session) return false;
    await this.endSessions(session.sub, [sessionId]);
    this.revoked(session.sub, [sessionId], context);
    return true;
  }

  /**
   * Ends every session of the user (logout everywhere). A session started while this runs is not
   * among them and lives on, as if it had started just after.
   */
  async revokeAllSessions(sub: string, context: RequestContext = {}): Promise<void> {
    const sids = (await storeCall(() => this.sessions.list(sub))).map((session) => session.id);
    await this.endSessions(sub, sids);
    this.revoked(sub, sids, context);
  }

  /**
   * Ends sessions so that a store failure at any step leaves them safe: deny first, for as long
   * as a record left behind could still be refreshed; delete; then shorten the denial to the life
   * of the access tokens. Failing at the first step changes nothing; at the second, the tokens
   * are refused and the records can no longer be refreshed, and a retry finds and finishes them;
   * at the third, the denial only lives longer than it needs to.
   */
  private async endSessions(sub: string, sids: readonly string[]): Promise<void> {
    if (sids.length === 0) return;
    await this.deny(sub, sids, endingSessionDenialTtl(this.options));
    await storeCall(() => this.sessions.delete(sub, sids));
    await this.deny(sub, sids, sessionDenialTtl(this.options)).catch(() => undefined);
  }

  private async deny(sub: string, sids: readonly string[], ttlSeconds: number): Promise<void> {
    await storeCall(() =>
      Promise.all(sids.map((sid) => this.denylist.add(sub, denialId(sid), ttlSeconds))),
    );
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

  /** A new API key of `sub`, returned once; list and revoke keys with {@link ApiKeys}. */
  createApiKey(sub: string, options: CreateApiKeyOptions): Promise<CreatedApiKey> {
    return this.apiKeys.create(sub, options);
  }

  /** A refresh token lives `refreshTokenTtl`, but never past the session's absolute lifetime. */
  private sessionExpiry(createdAt: number, now: number): number {
    const { refreshTokenTtl, sessionMaxLifetime } = this.options;
    return Math.min(now + refreshTokenTtl * 1000, createdAt + sessionMaxLifetime * 1000);
  }
}
