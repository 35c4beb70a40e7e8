import { Inject, Injectable } from '@nestjs/common';
import { RESOLVED_AUTH_OPTIONS } from '../auth.constants.js';
import { AuthErrorCode } from '../errors/auth-error-code.js';
import { AuthException } from '../errors/auth.exception.js';
import { storeCall } from '../errors/store-call.js';
import { type ResolvedAuthOptions } from '../options/resolved-auth-options.js';
import { LoginAttemptStore } from '../login-attempts/login-attempt-store.interface.js';
import { attemptCounters } from '../login-attempts/attempt-counters.js';

/** The counters a login attempt was counted under: the username and IP pair first. */
export interface CountedAttempt {
  pair: string;
  shared: string[];
}

/** A fixed-length key, whatever the length of a username or a forwarded address. */
/**
 * Brute-force protection of login (docs/security.md). Every attempt is counted before its
 * password is checked, atomically under three counters: the username and IP pair, the username
 * alone (a ceiling well above the pair's limit) and the IP. An attempt over any limit is refused
 * with 429 `too_many_attempts` and never reaches `validateCredentials`, however many race.
 */
@Injectable()
export class LoginThrottle {
  constructor(
    @Inject(RESOLVED_AUTH_OPTIONS) private readonly options: ResolvedAuthOptions,
    @Inject(LoginAttemptStore) private readonly attempts: LoginAttemptStore,
  ) {}

  /** Counts an attempt or refuses it; `null` when the throttle is off. */
  async reserve(username: string, ip?: string): Promise<CountedAttempt | null> {
    const limits = this.options.loginThrottle;
    if (!limits) return null;
    const name = await limits.normalizeUsername(username);
    const counters = attemptCounters([], name, ip, {
      pair: limits.maxAttemptsPerUsernameAndIp,
      subject: limits.maxAttemptsPerUsername,
      ip: limits.maxAttemptsPerIp,
    });
    const reservation = await storeCall(() =>
      this.attempts.reserve(counters, limits.windowSeconds),
    );
    if (!reservation.allowed) {
      throw new AuthException(AuthErrorCode.TooManyAttempts, undefined, {
        retryAfterSeconds: reservation.retryAfterSeconds,
      });
    }
    const [pair, ...shared] = counters.map(({ key }) => key);
    return { pair, shared };
  }

  /**
   * A success clears the pair (the owner at this address) and gives its own attempt back to the
   * username and IP counters, without clearing them: the failures counted there may be someone
   * else's, and must not be wiped by the owner's login or by an attacker's own valid account.
   */
  async succeeded(attempt: CountedAttempt | null): Promise<void> {
    if (!attempt) return;
    await storeCall(() =>
      this.attempts.release({ forget: [attempt.pair], refund: attempt.shared }),
    );
  }
}
