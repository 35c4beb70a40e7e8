import { type RedisConnection } from '../store/redis-connection.js';
import { type MfaFactorStore, type TotpFactor } from './mfa-factor-store.interface.js';

/** Field of a recovery code's hash in the factor's Redis hash. */
const RECOVERY = 'rc:';

/**
 * Factors in Redis, one hash per user that never expires: `<prefix>mfa-totp:<sub>` with
 * `secret`, `confirmedAt` and a `rc:<hash>` field per unused recovery code (HDEL spends one
 * atomically). Only as durable as the Redis: see docs/mfa.md.
 */
export class RedisMfaFactorStore implements MfaFactorStore {
  constructor(private readonly connection: RedisConnection) {}

  async getTotp(sub: string): Promise<TotpFactor | null> {
    const fields = await this.connection.client.hgetall(this.key(sub));
    if (!fields.secret) return null;
    return {
      secret: fields.secret,
      confirmedAt: Number(fields.confirmedAt),
      recoveryCodes: Object.keys(fields)
        .filter((field) => field.startsWith(RECOVERY))
        .map((field) => field.slice(RECOVERY.length)),
    };
  }

  async saveTotp(sub: string, factor: TotpFactor): Promise<void> {
    const codes = factor.recoveryCodes.map((hash) => [`${RECOVERY}${hash}`, '1']);
    const fields = { secret: factor.secret, confirmedAt: factor.confirmedAt };
    const key = this.key(sub);
    await this.connection.client
      .multi()
      .del(key)
      .hset(key, { ...fields, ...Object.fromEntries(codes) })
      .exec();
  }

  async deleteTotp(sub: string): Promise<void> {
    await this.connection.client.del(this.key(sub));
  }

  async useRecoveryCode(sub: string, codeHash: string): Promise<boolean> {
    return (await this.connection.client.hdel(this.key(sub), `${RECOVERY}${codeHash}`)) === 1;
  }

  private key(sub: string): string {
    return `${this.connection.keyPrefix}mfa-totp:${sub}`;
  }
}
