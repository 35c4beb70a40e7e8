import { ExpiringMap } from '../store/expiring-map.js';
import { type MfaChallenge, type MfaStateStore } from './mfa-state-store.interface.js';

/**
 * An {@link MfaStateStore} in process memory: this instance only. Each method runs without
 * awaiting, so it is atomic within the process.
 */
export class MemoryMfaStateStore implements MfaStateStore {
  private readonly challenges = new ExpiringMap<{ challenge: MfaChallenge; attempts: number }>();
  private readonly enrolments = new ExpiringMap<string>();
  private readonly steps = new ExpiringMap<number>();

  async putChallenge(id: string, challenge: MfaChallenge, ttlSeconds: number): Promise<void> {
    this.challenges.set(id, { challenge, attempts: 0 }, ttlSeconds);
  }

  async attemptChallenge(id: string, maxAttempts: number): Promise<MfaChallenge | null> {
    const entry = this.challenges.get(id);
    if (!entry) return null;
    // Counted in place: setting it again would restart its lifetime.
    entry.attempts += 1;
    if (entry.attempts <= maxAttempts) return entry.challenge;
    this.challenges.take(id);
    return null;
  }

  async takeChallenge(id: string): Promise<boolean> {
    return this.challenges.take(id) !== undefined;
  }

  async putEnrolment(sub: string, secret: string, ttlSeconds: number): Promise<void> {
    this.enrolments.set(sub, secret, ttlSeconds);
  }

  async getEnrolment(sub: string): Promise<string | null> {
    return this.enrolments.get(sub) ?? null;
  }

  async deleteEnrolment(sub: string): Promise<boolean> {
    return this.enrolments.take(sub) !== undefined;
  }

  async spendStep(sub: string, step: number, ttlSeconds: number): Promise<boolean> {
    const last = this.steps.get(sub);
    if (last !== undefined && step <= last) return false;
    this.steps.set(sub, step, ttlSeconds);
    return true;
  }
}
