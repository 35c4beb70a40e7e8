import { type RedisConnection } from '../store/redis-connection.js';
import { defineRedisScript, type RedisScript } from '../store/redis-script.js';
import { type MfaFactorStore, type TotpFactor } from './mfa-factor-store.interface.js';

/** Field of a recovery code's hash in the factor's Redis hash. */
const RECOVERY = 'rc:';

/** KEYS[1] the factor's hash; ARGV field, value, ...: sets them unless it exists (1, else 0). */
const SAVE_IF_ABSENT = `
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('HSET', KEYS[1], unpack(ARGV))
return 1
`;

/**
 * Factors in Redis, one hash per user that never expires: `<prefix>mfa-totp:<sub>` with
 * `secret`, `confirmedAt` and a `rc:<hash>` field per unused recovery code (HDEL spends one
 * atomically). Only as durable as the Redis: see docs/mfa.md.
 */
export class RedisMfaFactorStore implements MfaFactorStore {
  private readonly saveIfAbsentScript: RedisScript;

  constructor(private readonly connection: RedisConnection) {
    this.saveIfAbsentScript = defineRedisScript(
      connection.client,
      'saveTotpIfAbsent',
      SAVE_IF_ABSENT,
    );
  }

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
    const key = this.key(sub);
    await this.connection.client.multi().del(key).hset(key, fieldsOf(factor)).exec();
  }

  async saveTotpIfAbsent(sub: string, factor: TotpFactor): Promise<boolean> {
    const fields = Object.entries(fieldsOf(factor)).flat();
    return (await this.saveIfAbsentScript([this.key(sub)], fields)) === 1;
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

/** The factor's hash: `secret`, `confirmedAt` and a `rc:<hash>` field per recovery code. */
function fieldsOf(factor: TotpFactor): Record<string, string | number> {
  const codes = factor.recoveryCodes.map((hash) => [`${RECOVERY}${hash}`, '1']);
  return { secret: factor.secret, confirmedAt: factor.confirmedAt, ...Object.fromEntries(codes) };
}
