import { ExpiringMap } from '../store/expiring-map.js';
import {
  type AttemptCounter,
  type AttemptReservation,
  type LoginAttemptStore,
} from './login-attempt-store.interface.js';

/**
 * A {@link LoginAttemptStore} in process memory: counts of this instance only. Each method runs
 * without awaiting, so it is atomic within the process.
 */
export class MemoryLoginAttemptStore implements LoginAttemptStore {
  private readonly counts = new ExpiringMap<{ count: number; endsAt: number }>();

  async reserve(
    counters: readonly AttemptCounter[],
    windowSeconds: number,
  ): Promise<AttemptReservation> {
    const now = Date.now();
    const entries = counters.map(({ key }) => this.counts.get(key));
    const full = entries.filter((entry, i) => entry && entry.count >= counters[i].limit);
    if (full.length > 0) {
      const endsAt = Math.max(...full.map((entry) => entry!.endsAt));
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((endsAt - now) / 1000)) };
    }
    counters.forEach(({ key }, i) => {
      const entry = entries[i];
      if (entry) entry.count += 1;
      else this.counts.set(key, { count: 1, endsAt: now + windowSeconds * 1000 }, windowSeconds);
    });
    return { allowed: true };
  }

  async release(counters: { forget: readonly string[]; refund: readonly string[] }) {
    for (const key of counters.forget) this.counts.take(key);
    for (const key of counters.refund) {
      const entry = this.counts.get(key);
      if (entry && entry.count > 1) entry.count -= 1;
      else this.counts.take(key);
    }
  }
}
