import { performance } from 'node:perf_hooks';
import { type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { AuthErrorCode } from '../errors/auth-error-code.js';
import { AuthException } from '../errors/auth.exception.js';
import { observeStoreCalls, type StoreCallObserver } from '../errors/store-call.js';
import { type AuthEventName } from '../interfaces/auth-event.interface.js';
import { AuthMetrics, type RecordedOutcome } from './auth-metrics.js';
import {
  type MetricAttributes,
  type MetricCounter,
  type MetricHistogram,
  type MetricsMeter,
} from './meter.js';
import { type Observation } from './mirror-gauges.js';

/** From a few µs (an answer from the cache and the mirror) to a second (a slow store or JWKS). */
const AUTHENTICATION_BUCKETS = [
  0.000005, 0.00001, 0.000025, 0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
  0.05, 0.1, 0.25, 0.5, 1,
];
/** A Redis round trip: from 100 µs on a local network to the client's timeouts. */
const STORE_BUCKETS = [
  0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5,
];

const OK = 'ok';
const outcomeAttributes = (code: string): MetricAttributes => Object.freeze({ outcome: code });
const SUCCEEDED = outcomeAttributes(OK);
const FAILED = outcomeAttributes('failed');
const ERROR = outcomeAttributes('error');

/** How many authentications had one outcome, and that outcome's attributes, made once. */
interface OutcomeCount {
  attributes: MetricAttributes;
  count: number;
}

/** The code `JwtAuthGuard.handleRequest()` gives this outcome, or `ok`. */
function outcomeCode({ err, user }: RecordedOutcome): string {
  // The guard answers any other error with 503 auth_store_unavailable.
  if (err) return err instanceof AuthException ? err.code : AuthErrorCode.AuthStoreUnavailable;
  // No token (passport-jwt's "No auth token"): refused, or anonymous on @OptionalAuth().
  return user ? OK : AuthErrorCode.TokenMissing;
}

const seconds = (startedAt: number) => (performance.now() - startedAt) / 1000;

/**
 * Records through an OpenTelemetry meter; docs/metrics.md lists the instruments. What every
 * request moves (authentications by outcome, cache hits and misses) is counted in plain numbers
 * that observable counters report when the reader collects: the SDK's `add()` with attributes
 * costs ~0.6 µs, hashing them each time, against ~0.03 µs here.
 */
export class RecordingAuthMetrics
  extends AuthMetrics
  implements StoreCallObserver, OnModuleInit, OnModuleDestroy
{
  private readonly outcomes = new Map<string, OutcomeCount>(
    [OK, ...Object.values(AuthErrorCode)].map((code) => [
      code,
      { attributes: code === OK ? SUCCEEDED : outcomeAttributes(code), count: 0 },
    ]),
  );
  private tokenCacheHits = 0;
  private tokenCacheMisses = 0;
  private readonly authenticationDuration: MetricHistogram;
  private readonly storeErrors: MetricCounter;
  private readonly storeDuration: MetricHistogram;
  private readonly onEvent: Record<AuthEventName, () => void>;
  private readonly observations: Observation[];
  private stopObservingStore: (() => void) | undefined;

  constructor(meter: MetricsMeter, gauges: Observation[] = []) {
    super();
    const authentications = meter.createObservableCounter('nest_jwt_auth.authentications', {
      description: 'Access tokens checked (guard, sockets, passport), by outcome: ok or error code',
      unit: '{authentication}',
    });
    this.authenticationDuration = meter.createHistogram('nest_jwt_auth.authentication.duration', {
      description: 'Time to find and verify an access token, revocation check included',
      unit: 's',
      advice: { explicitBucketBoundaries: AUTHENTICATION_BUCKETS },
    });
    const hits = meter.createObservableCounter('nest_jwt_auth.token_cache.hits', {
      description: 'Verifications that found the token in the verified-token cache',
      unit: '{lookup}',
    });
    const misses = meter.createObservableCounter('nest_jwt_auth.token_cache.misses', {
      description: 'Verifications that did not find the token in the verified-token cache',
      unit: '{lookup}',
    });
    this.storeErrors = meter.createCounter('nest_jwt_auth.store.errors', {
      description: 'Store calls that failed (answered 503 auth_store_unavailable)',
      unit: '{error}',
    });
    this.storeDuration = meter.createHistogram('nest_jwt_auth.store.duration', {
      description: 'Duration of store operations (Redis commands or scripts), by outcome',
      unit: 's',
      advice: { explicitBucketBoundaries: STORE_BUCKETS },
    });
    this.onEvent = eventCounters(meter);
    this.observations = [
      [
        authentications,
        (result) => {
          for (const { attributes, count } of this.outcomes.values()) {
            if (count > 0) result.observe(count, attributes);
          }
        },
      ],
      [hits, (result) => result.observe(this.tokenCacheHits)],
      [misses, (result) => result.observe(this.tokenCacheMisses)],
      ...gauges,
    ];
    for (const [instrument, callback] of this.observations) instrument.addCallback(callback);
  }

  onModuleInit(): void {
    this.stopObservingStore = observeStoreCalls(this);
  }

  onModuleDestroy(): void {
    this.stopObservingStore?.();
    for (const [instrument, callback] of this.observations) instrument.removeCallback(callback);
  }

  startTimer(): number {
    return performance.now();
  }

  authentication<T extends RecordedOutcome | Promise<RecordedOutcome>>(
    outcome: T,
    startedAt: number,
  ): T {
    if (!(outcome instanceof Promise)) {
      this.recordAuthentication(outcome, startedAt);
      return outcome;
    }
    return outcome.then((settled) => {
      this.recordAuthentication(settled, startedAt);
      return settled;
    }) as T;
  }

  private recordAuthentication(settled: RecordedOutcome, startedAt: number): void {
    this.authenticationDuration.record(seconds(startedAt));
    const code = outcomeCode(settled);
    const counted = this.outcomes.get(code);
    if (counted) counted.count++;
    else this.outcomes.set(code, { attributes: outcomeAttributes(code), count: 1 });
  }

  tokenCacheLookup(hit: boolean): void {
    if (hit) this.tokenCacheHits++;
    else this.tokenCacheMisses++;
  }

  event(name: AuthEventName): void {
    this.onEvent[name]();
  }

  storeCallStarted(): number {
    return performance.now();
  }

  storeCallEnded(startedAt: number, failed: boolean): void {
    if (failed) this.storeErrors.add(1);
    this.storeDuration.record(seconds(startedAt), failed ? ERROR : SUCCEEDED);
  }
}

/** A counter per kind of auth event; events are rare enough for the SDK's own counters. */
function eventCounters(meter: MetricsMeter): Record<AuthEventName, () => void> {
  const counter = (name: string, unit: string, description: string): MetricCounter =>
    meter.createCounter(`nest_jwt_auth.${name}`, { description, unit });
  const logins = counter('logins', '{login}', 'Logins by outcome: ok, or failed (credentials)');
  const refreshes = counter('refreshes', '{refresh}', 'Refresh tokens exchanged for a new pair');
  const reuses = counter(
    'refresh_token.reuses',
    '{reuse}',
    'Refresh tokens presented again, which ended their session',
  );
  const logouts = counter('logouts', '{logout}', 'Sessions ended by their own user (logout)');
  const revocations = counter(
    'session.revocations',
    '{session}',
    'Sessions revoked: by the app, by logout everywhere, by the session cap',
  );
  return {
    'auth.login': () => logins.add(1, SUCCEEDED),
    'auth.login_failed': () => logins.add(1, FAILED),
    'auth.refresh': () => refreshes.add(1),
    'auth.refresh_reused': () => reuses.add(1),
    'auth.logout': () => logouts.add(1),
    'auth.session_revoked': () => revocations.add(1),
  };
}
