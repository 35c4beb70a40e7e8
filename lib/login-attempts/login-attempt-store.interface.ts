/** A failure counter and the seconds left in its window. */
export interface AttemptCount {
  count: number;
  retryAfterSeconds: number;
}

/**
 * Counts failed logins per key (a username, an IP) in fixed windows that start at the first
 * failure. Shared by every instance when it lives in Redis.
 */
export interface LoginAttemptStore {
  /** The current counts of `keys`, in order. */
  peek(keys: readonly string[]): Promise<AttemptCount[]>;
  /** Counts one more failure under each key. */
  increment(keys: readonly string[], windowSeconds: number): Promise<void>;
  reset(key: string): Promise<void>;
}

/** Injection token of the {@link LoginAttemptStore} in use. */
export const LoginAttemptStore = Symbol('nest-jwt-auth:LoginAttemptStore');
