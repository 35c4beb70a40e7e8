import { type AuthEventName } from '../interfaces/auth-event.interface.js';

/** The part of an authentication's outcome that names it: `JwtStrategy`'s `AuthOutcome` fits. */
export interface RecordedOutcome {
  err: unknown;
  user: unknown;
}

/**
 * What the module records, and the injection token of the recorder: {@link NO_AUTH_METRICS}
 * when metrics are off or `@opentelemetry/api` is not installed, chosen once at start-up so that
 * the request path pays a call to an empty method, not a check per request.
 */
export abstract class AuthMetrics {
  /** A start time for {@link authentication}; the no-op answers 0 without reading a clock. */
  abstract startTimer(): number;

  /**
   * Counts one authentication (what `JwtStrategy.outcomeOf()` answered) by outcome and records
   * its duration since `startedAt`; returns `outcome` itself, settled or not.
   */
  abstract authentication<T extends RecordedOutcome | Promise<RecordedOutcome>>(
    outcome: T,
    startedAt: number,
  ): T;

  /** One lookup of the verified-token cache that decided how a token is verified. */
  abstract tokenCacheLookup(hit: boolean): void;

  /** One auth event (login, failed login, refresh, reuse, logout, revoked session). */
  abstract event(name: AuthEventName): void;
}

class NoAuthMetrics extends AuthMetrics {
  startTimer(): number {
    return 0;
  }

  authentication<T>(outcome: T): T {
    return outcome;
  }

  tokenCacheLookup(): void {}

  event(): void {}
}

/** Records nothing. */
export const NO_AUTH_METRICS: AuthMetrics = new NoAuthMetrics();
