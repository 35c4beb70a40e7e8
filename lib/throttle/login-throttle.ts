import { Inject, Injectable } from '@nestjs/common';
import { RESOLVED_AUTH_OPTIONS } from '../auth.constants.js';
import { AuthErrorCode } from '../errors/auth-error-code.js';
import { AuthException } from '../errors/auth.exception.js';
import { storeCall } from '../errors/store-call.js';
import { type ResolvedAuthOptions } from '../options/resolved-auth-options.js';
import { LoginAttemptStore } from '../login-attempts/login-attempt-store.interface.js';

/**
 * Brute-force protection of login: after too many failures for one username, or from one IP,
 * within a window, logins are refused with 429 `too_many_attempts` and `Retry-After` until the
 * window ends. A success clears the username's count (not the IP's: one good account must not
 * unlock guessing at others).
 */
@Injectable()
export class LoginThrottle {
  constructor(
    @Inject(RESOLVED_AUTH_OPTIONS) private readonly options: ResolvedAuthOptions,
    @Inject(LoginAttemptStore) private readonly attempts: LoginAttemptStore,
  ) {}

  async assertAllowed(username: string, ip?: string): Promise<void> {
    const limits = this.options.loginThrottle;
    if (!limits) return;
    const keys = this.keys(username, ip);
    const maxima = [limits.maxAttempts, limits.maxAttemptsPerIp];
    const counts = await storeCall(() => this.attempts.peek(keys));
    const blocked = counts.filter((current, i) => current.count >= maxima[i]);
    if (blocked.length > 0) {
      throw new AuthException(AuthErrorCode.TooManyAttempts, undefined, {
        retryAfterSeconds: Math.max(1, ...blocked.map((current) => current.retryAfterSeconds)),
      });
    }
  }

  async recordFailure(username: string, ip?: string): Promise<void> {
    const limits = this.options.loginThrottle;
    if (!limits) return;
    await storeCall(() => this.attempts.increment(this.keys(username, ip), limits.windowSeconds));
  }

  async recordSuccess(username: string): Promise<void> {
    if (!this.options.loginThrottle) return;
    await storeCall(() => this.attempts.reset(this.keys(username)[0]));
  }

  /** The username key first, then the IP key when the IP is known. */
  private keys(username: string, ip?: string): string[] {
    const keys = [`user:${username.toLowerCase()}`];
    if (ip) keys.push(`ip:${ip}`);
    return keys;
  }
}
