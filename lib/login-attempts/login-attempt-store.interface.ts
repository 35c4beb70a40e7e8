/** One counter a login attempt is counted under, and the attempts it allows per window. */
export interface AttemptCounter {
  /** An opaque key of fixed length, e.g. `user:<digest>`. */
  key: string;
  /** Attempts the counter allows within one window. */
  limit: number;
}

/** What {@link LoginAttemptStore.reserve} decided about one attempt. */
export type AttemptReservation =
  | { allowed: true }
  /** Seconds until the window of the last counter at its limit ends, at least 1. */
  | { allowed: false; retryAfterSeconds: number };

/**
 * Counts login attempts per key (a username and IP pair, a username, an IP) in fixed windows
 * that start with a counter's first attempt. An attempt is counted before its password is
 * checked, so `reserve` must be atomic: however many logins race, on however many instances, no
 * counter lets more than its limit through in one window. Shared by every instance when it lives
 * in Redis.
 */
export interface LoginAttemptStore {
  /**
   * In one atomic step: when every counter is below its limit, counts one attempt under each
   * (a counter's window of `windowSeconds` starts with its first attempt) and allows the attempt;
   * otherwise counts nothing and refuses it.
   */
  reserve(counters: readonly AttemptCounter[], windowSeconds: number): Promise<AttemptReservation>;
  /**
   * After a successful login: deletes the `forget` counters, and gives back the attempt just
   * counted under each `refund` counter (deleting a counter that comes back to zero, never
   * creating one).
   */
  release(counters: { forget: readonly string[]; refund: readonly string[] }): Promise<void>;
}

/** Injection token of the {@link LoginAttemptStore} in use. */
export const LoginAttemptStore = Symbol('nest-jwt-auth:LoginAttemptStore');
