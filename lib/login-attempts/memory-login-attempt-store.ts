import { ExpiringMap } from '../store/expiring-map.js';
import { type AttemptCount, type LoginAttemptStore } from './login-attempt-store.interface.js';

/** A {@link LoginAttemptStore} in process memory: counts of this instance only. */
export class MemoryLoginAttemptStore implements LoginAttemptStore {
  private readonly counts = new ExpiringMap<{ count: number; endsAt: number }>();

  async peek(keys: readonly string[]): Promise<AttemptCount[]> {
    const now = Date.now();
    return keys.map((key) => {
      const entry = this.counts.get(key);
      return entry
        ? { count: entry.count, retryAfterSeconds: Math.ceil((entry.endsAt - now) / 1000) }
        : { count: 0, retryAfterSeconds: 0 };
    });
  }

  async increment(keys: readonly string[], windowSeconds: number): Promise<void> {
    for (const key of keys) {
      const entry = this.counts.get(key);
      if (entry) entry.count += 1;
      else
        this.counts.set(
          key,
          { count: 1, endsAt: Date.now() + windowSeconds * 1000 },
          windowSeconds,
        );
    }
  }

  async reset(key: string): Promise<void> {
    this.counts.take(key);
  }
}
