import { type RedisConnection } from '../store/redis-connection.js';
import { defineRedisScript, type RedisScript } from '../store/redis-script.js';
import { type MfaChallenge, type MfaStateStore } from './mfa-state-store.interface.js';
import { ATTEMPT_CHALLENGE, SPEND_STEP } from './redis-mfa-state.scripts.js';

/**
 * An {@link MfaStateStore} in Redis, every key expiring: `<prefix>mfa-challenge:<sha256>`
 * (hash), `<prefix>mfa-enrolment:<sub>` and `<prefix>mfa-step:<sub>`. One key per operation, so
 * it works on a Redis Cluster.
 */
export class RedisMfaStateStore implements MfaStateStore {
  private readonly attemptScript: RedisScript;
  private readonly spendScript: RedisScript;

  constructor(private readonly connection: RedisConnection) {
    this.attemptScript = defineRedisScript(connection.client, 'attemptMfa', ATTEMPT_CHALLENGE);
    this.spendScript = defineRedisScript(connection.client, 'spendTotpStep', SPEND_STEP);
  }

  async putChallenge(id: string, challenge: MfaChallenge, ttlSeconds: number): Promise<void> {
    const key = this.key('mfa-challenge', id);
    await this.connection.client
      .multi()
      .hset(key, { record: JSON.stringify(challenge), attempts: 0 })
      .expire(key, ttlSeconds)
      .exec();
  }

  async attemptChallenge(id: string, maxAttempts: number): Promise<MfaChallenge | null> {
    const record = await this.attemptScript([this.key('mfa-challenge', id)], [maxAttempts]);
    return typeof record === 'string' ? (JSON.parse(record) as MfaChallenge) : null;
  }

  async takeChallenge(id: string): Promise<boolean> {
    return (await this.connection.client.del(this.key('mfa-challenge', id))) === 1;
  }

  async putEnrolment(sub: string, secret: string, ttlSeconds: number): Promise<void> {
    await this.connection.client.set(this.key('mfa-enrolment', sub), secret, 'EX', ttlSeconds);
  }

  getEnrolment(sub: string): Promise<string | null> {
    return this.connection.client.get(this.key('mfa-enrolment', sub));
  }

  async deleteEnrolment(sub: string): Promise<boolean> {
    return (await this.connection.client.del(this.key('mfa-enrolment', sub))) === 1;
  }

  async spendStep(sub: string, step: number, ttlSeconds: number): Promise<boolean> {
    return (await this.spendScript([this.key('mfa-step', sub)], [step, ttlSeconds])) === 1;
  }

  private key(kind: string, id: string): string {
    return `${this.connection.keyPrefix}${kind}:${id}`;
  }
}
