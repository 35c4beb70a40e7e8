import { type RedisConnection } from '../store/redis-connection.js';
import {
  type RefreshTokenRecord,
  type RefreshTokenStore,
} from './refresh-token-store.interface.js';

/**
 * A {@link RefreshTokenStore} in Redis at `<prefix>rt:<sha256 of the token>`. GETDEL makes
 * `consume` atomic: of two concurrent refreshes with one token, only one gets the record.
 */
export class RedisRefreshTokenStore implements RefreshTokenStore {
  constructor(private readonly connection: RedisConnection) {}

  async save(tokenHash: string, record: RefreshTokenRecord, ttlSeconds: number): Promise<void> {
    await this.connection.client.set(this.key(tokenHash), JSON.stringify(record), 'EX', ttlSeconds);
  }

  async consume(tokenHash: string): Promise<RefreshTokenRecord | null> {
    const json = await this.connection.client.getdel(this.key(tokenHash));
    return json === null ? null : (JSON.parse(json) as RefreshTokenRecord);
  }

  private key(tokenHash: string): string {
    return `${this.connection.keyPrefix}rt:${tokenHash}`;
  }
}
