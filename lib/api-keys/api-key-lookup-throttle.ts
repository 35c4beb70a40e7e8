import { createHash } from 'node:crypto';
import { AuthErrorCode } from '../errors/auth-error-code.js';
import { AuthException } from '../errors/auth.exception.js';
import { storeCall } from '../errors/store-call.js';
import { type LoginAttemptStore } from '../login-attempts/login-attempt-store.interface.js';
import { ExpiringMap } from '../store/expiring-map.js';
import { throttledAddressOf } from '../request/throttled-address.js';

/** How many lookups of unknown keys one IP may make within a window. */
export interface LookupLimits {
  maxFailedLookupsPerIp: number;
  failedLookupWindowSeconds: number;
}

/**
 * Most refused addresses this instance remembers: beyond it, a refused address is refused by its
 * counter in the store instead (one call more), and an attack from countless addresses cannot
 * grow the memory of the process.
 */
const MAX_REFUSED_REMEMBERED = 10_000;

const tooMany = (retryAfterSeconds: number) =>
  new AuthException(
    AuthErrorCode.TooManyAttempts,
    'Too many unknown API keys from this address: try again later.',
    { retryAfterSeconds },
  );

/**
 * Throttles the store lookups of unknown API keys per IP, on the counters of the login throttle
 * (shared by every instance with Redis). Only failures are counted, so a burst of requests with a
 * good key is never refused. Once an IP is over its limit, this instance answers its lookups 429
 * `too_many_attempts` without asking the store until the window ends: guessing keys costs the
 * guesser, not Redis. Keys already verified and cached never reach here.
 */
export class ApiKeyLookupThrottle {
  private readonly refused = new ExpiringMap<number>();

  constructor(
    private readonly attempts: LoginAttemptStore,
    private readonly limits: LookupLimits,
  ) {}

  /** How many refused addresses this instance remembers. */
  get refusedAddresses(): number {
    return this.refused.size;
  }

  /** Throws 429 when this instance has refused `ip` and its window has not ended. */
  assertAllowed(ip: string | undefined): void {
    const until = ip === undefined ? undefined : this.refused.get(counterOf(ip));
    if (until !== undefined) throw tooMany(Math.max(1, Math.ceil((until - Date.now()) / 1000)));
  }

  /**
   * Counts a failed lookup from `ip`; throws 429 (instead of the caller's 401) when it is one too
   * many. Not counted without an IP: one counter for every such caller would lock them all out.
   */
  async failed(ip: string | undefined): Promise<void> {
    if (!ip) return;
    const counter = counterOf(ip);
    const { maxFailedLookupsPerIp: limit, failedLookupWindowSeconds: window } = this.limits;
    const reservation = await storeCall(() =>
      this.attempts.reserve([{ key: counter, limit }], window),
    );
    if (reservation.allowed) return;
    const wait = reservation.retryAfterSeconds;
    if (this.refused.size >= MAX_REFUSED_REMEMBERED) this.refused.sweep();
    if (this.refused.size < MAX_REFUSED_REMEMBERED) {
      this.refused.set(counter, Date.now() + wait * 1000, wait);
    }
    throw tooMany(wait);
  }
}

/** A fixed-length counter key, whatever the address; one per IPv6 /64 (see throttledAddressOf). */
function counterOf(ip: string): string {
  const address = throttledAddressOf(ip);
  return `api-key-ip:${createHash('sha256').update(address).digest('base64url')}`;
}
