import { Inject, Injectable } from '@nestjs/common';
import { RESOLVED_AUTH_OPTIONS } from '../auth.constants.js';
import { AuthErrorCode } from '../errors/auth-error-code.js';
import { AuthException } from '../errors/auth.exception.js';
import { storeCall } from '../errors/store-call.js';
import { LoginAttemptStore } from '../login-attempts/login-attempt-store.interface.js';
import { type MfaModuleOptions } from './resolved-mfa-options.js';
import { attemptCounters } from '../login-attempts/attempt-counters.js';

/**
 * Brute-force protection of second-factor codes, counted like logins (`loginThrottle`'s window
 * and limits, in the same store) but under the user rather than a username, in counters of
 * their own: the user and IP pair, the user (`mfa.maxAttemptsPerUser`, low: a 6-digit code is
 * far easier to guess than a password) and the IP. Off when `loginThrottle` is false.
 */
@Injectable()
export class MfaThrottle {
  constructor(
    @Inject(RESOLVED_AUTH_OPTIONS) private readonly options: MfaModuleOptions,
    @Inject(LoginAttemptStore) private readonly attempts: LoginAttemptStore,
  ) {}

  /** Counts an attempt for `sub` from `ip`, or refuses it with 429 `too_many_attempts`. */
  async reserve(sub: string, ip?: string): Promise<string[] | null> {
    const limits = this.options.loginThrottle;
    if (!limits || !this.options.mfa) return null;
    const counters = attemptCounters(['mfa'], sub, ip, {
      pair: limits.maxAttemptsPerUsernameAndIp,
      subject: this.options.mfa.maxAttemptsPerUser,
      ip: limits.maxAttemptsPerIp,
    });
    const reservation = await storeCall(() =>
      this.attempts.reserve(counters, limits.windowSeconds),
    );
    if (!reservation.allowed) {
      throw new AuthException(
        AuthErrorCode.TooManyAttempts,
        'Too many wrong codes: try again later.',
        { retryAfterSeconds: reservation.retryAfterSeconds },
      );
    }
    return counters.map(({ key }) => key);
  }

  /** A right code clears the pair and gives its attempt back to the user and IP counters. */
  async succeeded(keys: string[] | null): Promise<void> {
    if (!keys) return;
    const [pair, ...shared] = keys;
    await storeCall(() => this.attempts.release({ forget: [pair], refund: shared }));
  }
}
